/**
 * The lists' HTTP contract in zod, beside the tasks' (`task-schemas.ts`): request validation at the edge and, from the
 * same schemas, the OpenAPI document. The domain's value objects enforce the limits; here they are documentation.
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { LIST_NAME_MAX_LENGTH } from '../../domain/index.js';

extendZodWithOpenApi(z);

const timestamp = z.string().openapi({ format: 'date-time', example: '2026-11-25T10:00:00.000Z' });

export const ListSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid', example: '01935f0e-7b7c-7cc2-9f1e-2a0c8f4f8f12' }),
    name: z.string().openapi({ minLength: 1, maxLength: LIST_NAME_MAX_LENGTH, example: 'Work' }),
    is_inbox: z.boolean().openapi({ description: 'True for your inbox, the list tasks go to when none is named; you have exactly one' }),
    position: z.string().openapi({
      description:
        'Where the list sits in your manual order of lists: an opaque key; sorting the keys as strings (byte-wise, not by ' +
        'locale) gives the order. New lists go to the end.',
      example: 'a1',
    }),
    created_at: timestamp,
    updated_at: timestamp,
    version: z.number().int().openapi({ description: 'Starts at 1, +1 on every change; the ETag is `"<version>"`' }),
  })
  .openapi('List', {
    description:
      "One of the caller's lists of tasks. Every task belongs to one list. The inbox is there from your first request; " +
      '`inbox` stands for its id on every list path and wherever a `list_id` is taken.',
  });

export const ListCollectionSchema = z
  .object({ items: z.array(ListSchema).openapi({ description: 'Every one of your lists, in manual order, the inbox among them' }) })
  .openapi('ListCollection');

const name = z.string({ error: 'Name must be a string' }).openapi({
  minLength: 1,
  maxLength: LIST_NAME_MAX_LENGTH,
  description: `Trimmed; 1-${LIST_NAME_MAX_LENGTH} characters of plain text, unique among your lists ignoring case`,
});

export const CreateListBody = z
  .object({ name })
  .openapi('CreateList', { description: 'The new list goes to the end of your lists. Unknown and read-only fields are ignored' });

export const RenameListBody = z.object({ name }).openapi('RenameList');

export const MOVE_LIST_NEIGHBOUR_MESSAGE = 'Provide exactly one of after_id and before_id';

/** A list id in a body: any string, so that a malformed id is refused like a missing one, never a 422 of its own kind. */
const listReference = (error: string) => z.string({ error }).openapi({ format: 'uuid' });

export const MoveListBody = z
  .object({
    after_id: listReference('after_id must be a list id or null')
      .nullable()
      .optional()
      .openapi({ description: 'Put the list right after this other list of yours (or `inbox`); `null` puts it first' }),
    before_id: listReference('before_id must be a list id or null')
      .nullable()
      .optional()
      .openapi({ description: 'Put the list right before this other list of yours (or `inbox`); `null` puts it last' }),
  })
  .refine((body) => (body.after_id !== undefined) !== (body.before_id !== undefined), { message: MOVE_LIST_NEIGHBOUR_MESSAGE, path: ['after_id'] })
  .openapi('MoveList', {
    description: 'Exactly one of `after_id` and `before_id`, naming another of your lists, or `null` for the start or the end',
  });

export const ListIdParams = z.object({
  id: z.string().openapi({ description: 'A list id, or `inbox` for your inbox' }),
});
