import { DomainException } from '@relief/runtime';

/** Every failure of the notification domain, with a stable `code`. */
export class NotificationException extends DomainException {}
