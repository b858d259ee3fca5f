import {
  parseReceiptDate,
  parseReceiptText,
  receiptOfDeliverSm,
  statusOfStat,
} from './smpp-receipt';

const TEXT =
  'id:7f3a01 sub:001 dlvrd:001 submit date:2604011200 done date:2604011201 stat:DELIVRD err:000 text:Наводнение в';

describe('SMPP delivery receipts', () => {
  it('reads the fields of the Appendix B text, in any order and case', () => {
    expect(parseReceiptText(TEXT)).toEqual({
      id: '7f3a01',
      stat: 'DELIVRD',
      err: '000',
      doneDate: '2604011201',
    });
    expect(
      parseReceiptText('STAT:UNDELIV Done Date:260401120130 ERR:034 Id:42 Sub:001 Dlvrd:000'),
    ).toEqual({ id: '42', stat: 'UNDELIV', err: '034', doneDate: '260401120130' });
  });

  it('does not read the original text, whatever it contains', () => {
    const parsed = parseReceiptText('id:1 stat:DELIVRD err:000 text:stat:REJECTD id:666');
    expect(parsed).toMatchObject({ id: '1', stat: 'DELIVRD' });
  });

  it.each([
    ['DELIVRD', 'delivered'],
    ['delivrd', 'delivered'],
    ['EXPIRED', 'expired'],
    ['DELETED', 'deleted'],
    ['UNDELIV', 'undeliverable'],
    ['ACCEPTD', 'accepted'],
    ['UNKNOWN', 'unknown'],
    ['REJECTD', 'rejected'],
    ['ENROUTE', 'enroute'],
    ['DELIVERED', 'delivered'],
    ['SOMETHING', 'unknown'],
  ])('stat:%s is %s', (stat, status) => {
    expect(statusOfStat(stat)).toBe(status);
  });

  it('reads YYMMDDhhmm[ss] dates as UTC and refuses impossible ones', () => {
    expect(parseReceiptDate('2604011201')).toEqual(new Date('2026-04-01T12:01:00Z'));
    expect(parseReceiptDate('260401120130')).toEqual(new Date('2026-04-01T12:01:30Z'));
    for (const bad of ['2602301200', '2604012500', '26040112', 'soon', undefined]) {
      expect(parseReceiptDate(bad)).toBeNull();
    }
  });

  it('takes a deliver_sm with the text as the smpp package decodes it', () => {
    expect(receiptOfDeliverSm({ esm_class: 0x04, short_message: { message: TEXT } })).toEqual({
      providerMessageId: '7f3a01',
      status: 'delivered',
      errorCode: null,
      at: new Date('2026-04-01T12:01:00Z'),
    });
  });

  it('prefers the receipted_message_id and message_state TLVs to the text', () => {
    expect(
      receiptOfDeliverSm({
        esm_class: 0x04,
        // This SMSC writes the id in decimal in the text, as hex elsewhere.
        short_message: { message: 'id:8337921 stat:DELIVRD err:000' },
        receipted_message_id: '7f3a01',
        message_state: 5,
        network_error_code: Buffer.from([0x03, 0x00, 0x22]),
      }),
    ).toMatchObject({ providerMessageId: '7f3a01', status: 'undeliverable', errorCode: '3:34' });
  });

  it('takes the TLVs alone, and an error code from the text before network_error_code', () => {
    expect(
      receiptOfDeliverSm({ esm_class: 0x04, receipted_message_id: 'x1', message_state: 8 }),
    ).toEqual({ providerMessageId: 'x1', status: 'rejected', errorCode: null, at: null });
    expect(
      receiptOfDeliverSm({
        esm_class: 0x04,
        short_message: 'id:x2 stat:UNDELIV err:034',
        network_error_code: Buffer.from([0x03, 0x00, 0x22]),
      }),
    ).toMatchObject({ status: 'undeliverable', errorCode: '034' });
  });

  it('ignores what is not a receipt or names no message', () => {
    expect(receiptOfDeliverSm({ esm_class: 0, short_message: TEXT })).toBeNull();
    expect(receiptOfDeliverSm({ esm_class: 0x04, short_message: 'stat:DELIVRD' })).toBeNull();
    expect(receiptOfDeliverSm({ esm_class: 0x04, short_message: 'id:1 sub:001' })).toBeNull();
    expect(receiptOfDeliverSm({ esm_class: 0x04 })).toBeNull();
  });

  it('takes an intermediate notification (esm_class 0x20) too', () => {
    expect(
      receiptOfDeliverSm({ esm_class: 0x20, short_message: 'id:9 stat:ENROUTE err:000' }),
    ).toMatchObject({ providerMessageId: '9', status: 'enroute' });
  });
});
