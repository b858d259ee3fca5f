import { DomainException } from '@relief/runtime';

/** Every failure of the feedback module, with a stable code. */
export class FeedbackException extends DomainException {}
