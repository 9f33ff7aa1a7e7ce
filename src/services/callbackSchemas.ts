import { z } from 'zod';
import { callbackStatuses } from '../domain/callback.js';
import {
  requestFilterColumns,
  requestFilterOperators,
  type RequestFilterField,
} from '../persistence/callbackRequestRepository.js';

/** Validation of everything the callback service accepts, before any SQL. */
export const uuidSchema = z.uuid();
export const agentIdSchema = z.number().int().positive();
export const phoneNumberSchema = z.string().trim().max(40).regex(/^\+?[0-9][0-9 .\-()]*$/, 'must be a phone number');
export const isoDateSchema = z.iso.date();
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'must be HH:mm or HH:mm:ss');
const optionalText = z.string().max(1_000).nullish().transform((v) => (v === undefined || v === '' ? null : v));

export const newListSchema = z.object({ name: z.string().trim().min(1).max(200), queueId: z.number().int().positive() }).strict();

export const newPeriodSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    periodStart: timeOfDay,
    periodEnd: timeOfDay,
    default: z.boolean().default(false),
  })
  .strict()
  .refine((p) => p.periodStart.padEnd(8, ':00') < p.periodEnd.padEnd(8, ':00'), {
    message: 'periodStart must be before periodEnd',
    path: ['periodEnd'],
  });

export const newRequestSchema = z
  .object({
    phoneNumber: phoneNumberSchema.nullish(),
    mobilePhoneNumber: phoneNumberSchema.nullish(),
    firstName: optionalText,
    lastName: optionalText,
    company: optionalText,
    description: optionalText,
    dueDate: isoDateSchema.optional(),
    periodUuid: uuidSchema.optional(),
  })
  .strict()
  .refine((r) => !!r.phoneNumber || !!r.mobilePhoneNumber, {
    message: 'phoneNumber or mobilePhoneNumber is required',
    path: ['phoneNumber'],
  });

export const ticketUpdateSchema = z
  .object({
    status: z.enum(callbackStatuses),
    comment: optionalText,
    dueDate: isoDateSchema.optional(),
    periodUuid: uuidSchema.optional(),
  })
  .strict();

const filterFields = Object.keys(requestFilterColumns) as [RequestFilterField, ...RequestFilterField[]];

export const findRequestSchema = z
  .object({
    filters: z
      .array(
        z.object({
          field: z.enum(filterFields),
          operator: z.enum(requestFilterOperators),
          value: z.union([z.string().max(200), z.number(), z.boolean(), z.null()]).optional(),
        }),
      )
      .max(20)
      .default([]),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1_000).default(100),
  })
  .prefault({});
