import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsEnum, IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import { NotificationChannel, NotificationType } from '../notification-catalogue';

@InputType()
export class SetNotificationPreferenceInput {
  @Field(() => NotificationType)
  @IsEnum(NotificationType)
  type: NotificationType;

  @Field(() => NotificationChannel, { description: 'INBOX or EMAIL (webhooks are chosen per endpoint).' })
  @IsEnum(NotificationChannel)
  channel: NotificationChannel;

  @Field(() => Boolean)
  @IsBoolean()
  enabled: boolean;
}

@InputType()
export class RegisterWebhookInput {
  @Field(() => String, { description: 'https URL (http and private addresses only where WEBHOOK_ALLOW_PRIVATE).' })
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2000)
  url: string;

  @Field(() => [String], { description: 'Event types to receive, e.g. PROPOSAL_MADE, ORDER_CONFIRMED (1–50).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(/^[A-Z][A-Z_]{1,59}$/, { each: true })
  eventTypes: string[];
}
