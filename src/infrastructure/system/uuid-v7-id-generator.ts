import { injectable } from 'inversify';
import { v7 } from 'uuid';
import type { IdGenerator } from '../../application/ports/id-generator.js';
import { TaskId } from '../../domain/index.js';

/** Time-ordered UUIDv7 ids: they index well and carry 74 random bits, so they cannot be guessed. */
@injectable()
export class UuidV7IdGenerator implements IdGenerator {
  newTaskId(): TaskId {
    return TaskId.from(v7());
  }
}
