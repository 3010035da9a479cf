import { injectable } from 'inversify';
import { v7 as uuidv7 } from 'uuid';
import type { IdGenerator } from '../../application/ports/id-generator.js';
import { ListId, TaskId } from '../../domain/index.js';

/** UUIDv7: time-ordered for index locality, with 74 random bits so ids cannot be guessed or counted. */
@injectable()
export class UuidV7IdGenerator implements IdGenerator {
  newTaskId(): TaskId {
    return TaskId.from(uuidv7());
  }

  newListId(): ListId {
    return ListId.from(uuidv7());
  }
}
