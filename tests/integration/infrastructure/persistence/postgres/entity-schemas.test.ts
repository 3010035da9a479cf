/**
 * The entity schemas against the migrated database. The migrations own the schema; the entity schemas must
 * describe it truly, or MikroORM's view of the database (its schema tools, anything that one day reads an
 * entity) is a fiction. Column types are compared as PostgreSQL spells them, both sides read by PostgreSQL.
 */
import { expect } from 'chai';
import type { EntityMetadata } from '@mikro-orm/core';
import { Database } from '../../../../../src/infrastructure/persistence/postgres/database.js';
import { ENTITY_SCHEMAS } from '../../../../../src/infrastructure/persistence/postgres/entities/index.js';
import { testDatabaseUrl } from '../../../../support/test-database.js';

/** One column as both sides can state it: `character varying(200) (length 200) not null`. */
interface Column {
  readonly column: string;
  readonly type: string;
  readonly length: number | null;
  readonly nullable: boolean;
  readonly default: string | null;
}

const describeColumn = (column: Column) =>
  `${column.type}${column.length === null ? '' : ` (length ${column.length})`}` +
  `${column.nullable ? ' null' : ' not null'}${column.default === null ? '' : ` default ${column.default}`}`;

describe('MikroORM entity schemas', () => {
  let database: Database;
  let entities: EntityMetadata[];

  before(async () => {
    database = await Database.connect(await testDatabaseUrl());
    entities = ENTITY_SCHEMAS.map((schema) => database.orm.getMetadata().get(schema.meta.className));
  });
  after(async () => {
    await database.close();
  });

  const query = <T extends object>(sql: string, params: unknown[] = []) => database.orm.em.getConnection().execute<T[]>(sql, params);

  /** Every table of the service's schema but the migrations' own bookkeeping. */
  const migratedTables = async () =>
    (
      await query<{ table: string }>(
        `select table_name as table from information_schema.tables
         where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name <> ?`,
        [database.orm.config.get('migrations').tableName],
      )
    ).map((row) => row.table);

  const columnsInDatabase = (table: string) =>
    query<Column>(
      `select c.column_name as column, format_type(a.atttypid, a.atttypmod) as type,
              c.character_maximum_length as length, c.is_nullable = 'YES' as nullable, c.column_default as default
       from information_schema.columns c
       join pg_attribute a on a.attrelid = to_regclass(quote_ident(c.table_name)) and a.attname = c.column_name
       where c.table_schema = current_schema() and c.table_name = ?`,
      [table],
    );

  /** `varchar(32)` → `character varying(32)`, `int` → `integer`, `timestamptz` → `timestamp with time zone`. */
  const spelledByPostgres = (columnTypes: string[]) =>
    database.orm.em
      .getConnection()
      .getKnex()
      .transaction(async (trx) => {
        await trx.raw(`create temporary table column_types (${columnTypes.map((type, index) => `c${index} ${type}`).join(', ')}) on commit drop`);
        const result = await trx.raw<{ rows: { type: string }[] }>(
          `select format_type(atttypid, atttypmod) as type from pg_attribute
           where attrelid = 'column_types'::regclass and attnum > 0 order by attnum`,
        );
        return result.rows.map((row) => row.type);
      });

  /** The columns an entity describes, its column types read by PostgreSQL as a migration would read them. */
  const columnsDescribed = async (meta: EntityMetadata): Promise<(Column & { property: string })[]> => {
    const columns = meta.props
      .filter((prop) => prop.persist !== false)
      .flatMap((prop) =>
        prop.fieldNames.map((column, index) => ({
          property: `${meta.className}.${prop.name}`,
          column,
          type: prop.columnTypes[index]!,
          length: prop.length ?? null,
          nullable: prop.nullable ?? false,
          default: prop.defaultRaw ?? null,
        })),
      );
    const types = await spelledByPostgres(columns.map((column) => column.type));
    return columns.map((column, index) => ({ ...column, type: types[index]! }));
  };

  it('has one entity schema per table the migrations create', async () => {
    const described = entities.map((meta) => meta.tableName).sort();
    expect(described, 'tables described by entity schemas').to.deep.equal((await migratedTables()).sort());
  });

  it('describes every column of every table with its type, length, nullability and default', async () => {
    const differences: string[] = [];
    for (const meta of entities) {
      const actual = new Map((await columnsInDatabase(meta.tableName)).map((column) => [column.column, column]));
      const described = await columnsDescribed(meta);
      if (actual.size === 0) {
        differences.push(`${meta.tableName}: no such table (described by ${meta.className})`);
        continue;
      }
      const compared = new Set<string>();
      for (const column of described) {
        // A composite foreign key (a parent task of the same owner) shares a column another property describes.
        if (compared.has(column.column)) continue;
        compared.add(column.column);
        const inDatabase = actual.get(column.column);
        const name = `${meta.tableName}.${column.column}`;
        if (!inDatabase) differences.push(`${name}: described by ${column.property}, but no such column`);
        else if (describeColumn(inDatabase) !== describeColumn(column)) {
          differences.push(`${name}: the database has ${describeColumn(inDatabase)}, ${column.property} says ${describeColumn(column)}`);
        }
        actual.delete(column.column);
      }
      for (const column of actual.values()) {
        differences.push(`${meta.tableName}.${column.column}: ${describeColumn(column)} in the database, described by no property of ${meta.className}`);
      }
    }
    expect(differences.join('\n'), 'columns that differ').to.equal('');
  });

  it('keys every table by the primary key the database has', async () => {
    for (const meta of entities) {
      const keyed = await query<{ column: string }>(
        `select a.attname as column from pg_index i
         join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
         where i.indrelid = to_regclass(?) and i.indisprimary
         order by array_position(i.indkey::int2[], a.attnum)`,
        [meta.tableName],
      );
      const described = meta.primaryKeys.flatMap((key) => meta.properties[key]!.fieldNames);
      expect(described, `primary key of ${meta.tableName}: ${meta.className}'s, against the database's`).to.deep.equal(keyed.map((row) => row.column));
    }
  });

  it('declares each expression index as PostgreSQL has it', async () => {
    // MikroORM's comparator matches expression indexes by name only; their definitions are compared here.
    const normalised = (definition: string) =>
      definition
        .toLowerCase()
        .replace(/\s+/g, ' ')
        .replace(/ on \w+\./, ' on ')
        .replace(' using btree ', ' ')
        .trim();
    const expressions = entities.flatMap((meta) => meta.indexes.filter((index) => typeof index.expression === 'string'));
    expect(expressions, 'expression indexes declared').not.to.be.empty;
    for (const index of expressions) {
      const [found] = await query<{ definition: string | null }>(`select pg_get_indexdef(to_regclass(?)) as definition`, [index.name]);
      expect(found?.definition && normalised(found.definition), `index ${index.name}`).to.equal(normalised(index.expression as string));
    }
  });

  it("leaves MikroORM's schema comparator nothing to change", async () => {
    // Catches what the comparisons above do not: plain indexes, check constraints. It cannot replace them:
    // it reads json and jsonb as one type, and timestamp and timestamptz too. Unlisted tables are left alone.
    const changes = await database.orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: false });
    expect(changes.trim(), 'statements MikroORM would run to match the entity schemas').to.equal('');
  });
});
