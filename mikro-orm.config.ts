/**
 * Configuration for the MikroORM CLI (`npx mikro-orm …`). The service itself builds the same configuration
 * from its validated settings in src/infrastructure/persistence/postgres/orm-config.ts.
 */
import { createOrmConfig } from './src/infrastructure/persistence/postgres/orm-config.js';

export default createOrmConfig(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tasks');
