/**
 * Configuration for the MikroORM CLI (`npx mikro-orm …`): the service's own, with the migrator and the
 * migrations (src/infrastructure/persistence/postgres/orm-config.ts builds both from its validated settings).
 */
import { createMigrationOrmConfig } from './src/infrastructure/persistence/postgres/orm-config.js';

export default await createMigrationOrmConfig(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tasks');
