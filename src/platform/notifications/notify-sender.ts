import { NotifyClient } from 'notifications-node-client';
import type { Message, Sender, Template } from './notifications.js';

export interface NotifySettings {
  apiKey: string;
  /** GOV.UK Notify's API; tests point it at a local stand-in. */
  baseUrl?: string;
  /** A template without an id (an optional one, such as feedback-received) is not sent. */
  templateIds: Partial<Record<Template, string>>;
}

/** GOV.UK Notify: every template is an email template in the council's Notify service. */
export class NotifySender implements Sender {
  readonly name = 'govuk-notify';
  private readonly client: InstanceType<typeof NotifyClient>;

  constructor(private readonly settings: NotifySettings) {
    this.client = settings.baseUrl ? new NotifyClient(settings.baseUrl, settings.apiKey) : new NotifyClient(settings.apiKey);
  }

  async send(message: Message): Promise<string | undefined> {
    const templateId = this.settings.templateIds[message.template];
    if (!templateId) throw new Error(`No GOV.UK Notify template is configured for ${message.template}`);
    const response = await this.client.sendEmail(templateId, message.to.email, {
      personalisation: message.personalisation,
      reference: message.reference,
    });
    return (response as { data?: { id?: string } }).data?.id;
  }
}
