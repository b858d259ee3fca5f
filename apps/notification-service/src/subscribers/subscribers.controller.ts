import { Readable } from 'node:stream';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Patch,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Public, Roles, type AuthUser } from '@relief/auth';
import { BulkBody, BulkContent, IdParam, VersionedRead } from '@relief/runtime';
import {
  CreateSubscriberDto,
  CreateSubscriptionDto,
  SubscriberDto,
  SubscriberListQuery,
  SubscriberPageDto,
  SubscriptionDto,
  UpdateSubscriberDto,
} from './subscriber.dto';
import {
  CSV_FORMAT_DESCRIPTION,
  ImportReportDto,
  SubscriberExportQuery,
  SubscriberImportDto,
} from './subscriber-import.dto';
import { SubscriberTransferService } from './subscriber-transfer.service';
import { SubscribersService } from './subscribers.service';

/** ~100 000 rows of CSV or JSON fit. */
const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

const IMPORT_DESCRIPTION = [
  'Admins only. Each row is checked with the rules of `POST /subscribers` and',
  '`POST /subscribers/{id}/subscriptions` (E.164 phone, email, the region, hazard, severity,',
  'language and channel vocabularies). Good rows are stored, refused ones are not: the answer',
  'counts subscribers created, updated and unchanged, and lists each refused row with its',
  'number, field and code. A person is matched on its natural key: `reference` (the',
  "importer's own id) if given, else `email` (case-insensitive), else `phone`; importing the",
  'same rows again changes nothing. JSON: `{ "subscribers": [ { ...POST /subscribers body,',
  'reference?, subscriptions?: [ ...POST subscriptions body ] } ] }`.',
].join(' ');

@ApiTags('subscribers')
@Controller()
export class SubscribersController {
  constructor(
    private readonly subscribers: SubscribersService,
    private readonly transfer: SubscriberTransferService,
  ) {}

  @Post('subscribers')
  @Roles('admin')
  @ApiCreatedResponse({ type: SubscriberDto })
  async create(@Body() body: CreateSubscriberDto): Promise<SubscriberDto> {
    return SubscriberDto.of(await this.subscribers.create(body));
  }

  @Get('subscribers')
  @Roles('admin')
  @ApiOperation({ summary: 'Subscribers by name, keyset-paged (pass `nextCursor` as `cursor`)' })
  @ApiOkResponse({ type: SubscriberPageDto })
  async list(@Query() query: SubscriberListQuery): Promise<SubscriberPageDto> {
    const page = await this.subscribers.list({ limit: query.limit ?? 50, cursor: query.cursor });
    return { items: page.items.map((s) => SubscriberDto.of(s)), nextCursor: page.nextCursor };
  }

  @Post('subscribers/import')
  @Roles('admin')
  @HttpCode(200)
  @BulkBody({ types: ['text/csv', 'application/json'], maxBytes: MAX_IMPORT_BYTES })
  @ApiOperation({
    summary: 'Import subscribers with their subscriptions (CSV or JSON, as the export writes)',
    description: `${IMPORT_DESCRIPTION}\n\n${CSV_FORMAT_DESCRIPTION}`,
  })
  @ApiBody({ type: SubscriberImportDto, description: 'or text/csv' })
  @ApiOkResponse({ type: ImportReportDto })
  async import(@BulkContent() content: BulkContent): Promise<ImportReportDto> {
    const format = content.type === 'text/csv' ? 'csv' : 'json';
    return { format, ...(await this.transfer.import(format, content.body)) };
  }

  // Before `subscribers/:id`, so `export` is not read as an id.
  @Get('subscribers/export')
  @Roles('admin')
  @ApiOperation({
    summary: 'Every subscriber with its subscriptions, streamed in the form the import takes',
    description: CSV_FORMAT_DESCRIPTION,
  })
  @ApiProduces('text/csv', 'application/json')
  @ApiOkResponse({ description: 'text/csv, or application/json as SubscriberImportDto' })
  exportAll(@Query() query: SubscriberExportQuery): StreamableFile {
    const format = query.format ?? 'csv';
    return new StreamableFile(Readable.from(this.transfer.export(format)), {
      type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      disposition: `attachment; filename="subscribers.${format}"`,
    });
  }

  // Before `subscribers/:id`, so `me` is not read as an id.
  @Get('subscribers/me')
  @VersionedRead({
    summary: "The subscriber linked to the caller (its `userId` is the token's `sub`)",
    description: '404 `subscriber_not_found` when no subscriber is linked to the caller.',
    answers: SubscriberDto,
  })
  async me(@CurrentUser() user: AuthUser): Promise<SubscriberDto> {
    return SubscriberDto.of(await this.subscribers.mine(user));
  }

  @Get('subscribers/:id')
  @ApiOperation({ summary: 'An admin, or the subscriber linked to the caller' })
  @ApiOkResponse({ type: SubscriberDto })
  async get(@IdParam() id: string, @CurrentUser() user: AuthUser): Promise<SubscriberDto> {
    return SubscriberDto.of(await this.subscribers.get(id, user));
  }

  @Patch('subscribers/:id')
  @ApiOperation({
    summary:
      'An admin (any field), or the subscriber linked to the caller (language, channels, receiveExercises)',
  })
  @ApiOkResponse({ type: SubscriberDto })
  async update(
    @IdParam() id: string,
    @Body() body: UpdateSubscriberDto,
    @CurrentUser() user: AuthUser,
  ): Promise<SubscriberDto> {
    return SubscriberDto.of(await this.subscribers.update(id, body, user));
  }

  @Delete('subscribers/:id')
  @Roles('admin')
  @HttpCode(204)
  remove(@IdParam() id: string): Promise<void> {
    return this.subscribers.remove(id);
  }

  @Get('subscribers/:id/subscriptions')
  @ApiOkResponse({ type: SubscriptionDto, isArray: true })
  async subscriptions(
    @IdParam() id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<SubscriptionDto[]> {
    return (await this.subscribers.subscriptions(id, user)).map((s) => SubscriptionDto.of(s));
  }

  @Post('subscribers/:id/subscriptions')
  @ApiCreatedResponse({ type: SubscriptionDto })
  async subscribe(
    @IdParam() id: string,
    @Body() body: CreateSubscriptionDto,
    @CurrentUser() user: AuthUser,
  ): Promise<SubscriptionDto> {
    return SubscriptionDto.of(await this.subscribers.subscribe(id, body, user));
  }

  @Delete('subscribers/:id/subscriptions/:subscriptionId')
  @HttpCode(204)
  unsubscribeOne(
    @IdParam() id: string,
    @IdParam('subscriptionId') subscriptionId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    return this.subscribers.unsubscribe(id, subscriptionId, user);
  }

  @Get('unsubscribe')
  @Public()
  @ApiOperation({ summary: 'The link in every email: stops emails to that subscriber' })
  async unsubscribeLink(@Query('token') token: string): Promise<string> {
    await this.subscribers.unsubscribeByToken(String(token ?? ''));
    return 'You will no longer receive these emails.';
  }
}
