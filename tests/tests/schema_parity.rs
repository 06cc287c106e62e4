//! The two migration folders (`migrations/sqlite`, `migrations/postgres`) describe one schema
//! twice, and nothing else keeps them in step. This test runs the real migrations on a fresh
//! database of each backend, reads back what each database reports in its own catalogue
//! (SQLite: `sqlite_master` and its pragmas; PostgreSQL: `information_schema` and `pg_catalog`),
//! brings both into one model and compares them: tables, columns (type family, nullability,
//! default), primary keys, unique constraints and indexes, other indexes, foreign keys, CHECK
//! constraints, views, triggers and functions.
//!
//! The differences that are meant to be there are listed one by one in `EXCEPTIONS`, each
//! with its reason; every other difference fails the test, and so does an exception that no
//! longer matches anything.

use std::collections::{BTreeMap, BTreeSet};

use diesel::sql_types::{Bool, Integer, Nullable, Text};
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl, SqliteConnection};
use integration_tests::{Backend, TestDb};
use registry::store::{DatabaseUrl, Db};

/// What is left out of the comparison on purpose: the facts (as `facts` writes them) taken
/// out of SQLite's schema and out of PostgreSQL's, each of which must be there. `table NAME`
/// stands for the table and everything in it.
struct Exception {
    why: &'static str,
    sqlite: &'static [&'static str],
    postgres: &'static [&'static str],
}

const EXCEPTIONS: &[Exception] = &[
    Exception {
        why: "diesel's own record of applied migrations, created by diesel with its own SQL on \
              each backend (alike today, but not the migrations' to keep in step); the \
              versions it holds are compared separately",
        sqlite: &["table __diesel_schema_migrations"],
        postgres: &["table __diesel_schema_migrations"],
    },
    Exception {
        why: "the change log's sequence number: SQLite's AUTOINCREMENT needs a column declared \
              exactly INTEGER (the rowid, 64 bits whatever the declaration says), PostgreSQL's \
              BIGSERIAL is a 64-bit integer; both are read as BigInt. (SQLite keeps the \
              counter in sqlite_sequence, which is in its reserved sqlite_ namespace.)",
        sqlite: &["changes.seq: int, not null, autoincrement"],
        postgres: &["changes.seq: bigint, not null, autoincrement"],
    },
    Exception {
        why: "fold(), Unicode lower case for case-insensitive search: a function the migration \
              creates on PostgreSQL, registered on every connection by the registry on SQLite \
              (store::text::register), where no catalogue shows it",
        sqlite: &[],
        postgres: &["function fold(text)"],
    },
];

#[test]
fn sqlite_and_postgres_migrations_make_the_same_schema() {
    let (sqlite_versions, sqlite) = migrated(Backend::Sqlite, |url| {
        read_sqlite(&mut SqliteConnection::establish(url).expect("the SQLite database opens"))
    });
    let (postgres_versions, postgres) = migrated(Backend::Postgres, |url| {
        read_postgres(&mut PgConnection::establish(url).expect("the PostgreSQL database opens"))
    });

    assert!(
        sqlite_versions == postgres_versions,
        "migrations/sqlite and migrations/postgres have different versions: a migration \
         added to one folder needs its twin in the other (a no-op where nothing changes).\n\
         SQLite:     {sqlite_versions:?}\nPostgreSQL: {postgres_versions:?}"
    );
    assert!(!sqlite.tables.is_empty() && !postgres.tables.is_empty());

    let mut sqlite = facts(&sqlite);
    let mut postgres = facts(&postgres);
    let mut stale = Vec::new();
    for exception in EXCEPTIONS {
        for (side, name, listed) in [
            (&mut sqlite, "SQLite", exception.sqlite),
            (&mut postgres, "PostgreSQL", exception.postgres),
        ] {
            for fact in listed {
                if !remove_fact(side, fact) {
                    stale.push(format!("  {name}: {fact}  ({})", exception.why));
                }
            }
        }
    }

    let mut diff: Vec<(&String, &str)> = sqlite
        .difference(&postgres)
        .map(|f| (f, "only on SQLite:    "))
        .chain(
            postgres
                .difference(&sqlite)
                .map(|f| (f, "only on PostgreSQL:")),
        )
        .collect();
    diff.sort();
    let diff: Vec<String> = diff
        .iter()
        .map(|(f, side)| format!("  {side} {f}"))
        .collect();
    assert!(
        diff.is_empty() && stale.is_empty(),
        "the schemas the two migration folders make differ.\n\
         Fix the folder that is wrong with a new migration (and a twin in the other folder), \
         or, if the difference is meant, list it in EXCEPTIONS with its reason.\n{}{}",
        if diff.is_empty() {
            String::new()
        } else {
            format!("Differences:\n{}\n", diff.join("\n"))
        },
        if stale.is_empty() {
            String::new()
        } else {
            format!(
                "Exceptions that match nothing any more:\n{}\n",
                stale.join("\n")
            )
        }
    );
}

/// Runs the real migrations on a fresh database of the backend and reads its schema back
/// through a plain connection of that backend; the versions applied, and the schema.
fn migrated(backend: Backend, read: impl FnOnce(&str) -> Schema) -> (Vec<String>, Schema) {
    let (_db, url) = TestDb::new(backend);
    let versions = {
        let db = Db::connect(&url, 1).expect("the database connects");
        db.migrate().expect("the migrations run")
    };
    let target = DatabaseUrl::parse(&url).expect("a database URL").target;
    (versions, read(&target))
}

// --- The model both catalogues are read into ---------------------------------------------

#[derive(Debug, Default)]
struct Schema {
    tables: BTreeMap<String, Table>,
    views: BTreeSet<String>,
    /// `name on table`.
    triggers: BTreeSet<String>,
    /// `name(argument types)`.
    functions: BTreeSet<String>,
}

#[derive(Debug, Default)]
struct Table {
    columns: BTreeMap<String, Column>,
    primary_key: Vec<String>,
    /// Unique constraints and indexes of either kind, the primary key's left out.
    indexes: Vec<Index>,
    foreign_keys: Vec<ForeignKey>,
    /// Normalised expressions.
    checks: Vec<String>,
}

#[derive(Debug)]
struct Column {
    /// `text`, `int` (32 bits), `bigint`, `bool`, `timestamp`, `timestamptz`, `date`, `real`,
    /// `blob`, or the backend's own name for anything else.
    ty: String,
    nullable: bool,
    /// Normalised expression.
    default: Option<String>,
    /// Numbered by the database (SQLite AUTOINCREMENT, PostgreSQL serial or identity).
    autoincrement: bool,
    generated: bool,
}

#[derive(Debug)]
struct Index {
    unique: bool,
    /// Column names (or expressions), ` desc` after a descending one.
    columns: Vec<String>,
    /// A partial index's condition, normalised.
    predicate: Option<String>,
    method: String,
}

#[derive(Debug)]
struct ForeignKey {
    columns: Vec<String>,
    table: String,
    references: Vec<String>,
    on_delete: String,
    on_update: String,
}

/// The schema as one line per fact, in a form both backends share. Facts about a table start
/// with its name, so that a sorted list keeps a table's facts together.
fn facts(schema: &Schema) -> BTreeSet<String> {
    let mut facts = Vec::new();
    for (name, table) in &schema.tables {
        facts.push(format!("table {name}"));
        for (column, c) in &table.columns {
            let mut f = format!(
                "{name}.{column}: {}, {}",
                c.ty,
                if c.nullable { "null" } else { "not null" }
            );
            if let Some(d) = &c.default {
                f += &format!(", default {d}");
            }
            if c.autoincrement {
                f += ", autoincrement";
            }
            if c.generated {
                f += ", generated";
            }
            facts.push(f);
        }
        if !table.primary_key.is_empty() {
            facts.push(format!(
                "{name}: primary key ({})",
                table.primary_key.join(", ")
            ));
        }
        for i in &table.indexes {
            let mut f = format!(
                "{name}: {} ({})",
                if i.unique { "unique" } else { "index" },
                i.columns.join(", ")
            );
            if let Some(p) = &i.predicate {
                f += &format!(" where {p}");
            }
            if i.method != "btree" {
                f += &format!(" using {}", i.method);
            }
            facts.push(f);
        }
        for k in &table.foreign_keys {
            facts.push(format!(
                "{name}: foreign key ({}) references {} ({}) on delete {} on update {}",
                k.columns.join(", "),
                k.table,
                k.references.join(", "),
                k.on_delete,
                k.on_update
            ));
        }
        for c in &table.checks {
            facts.push(format!("{name}: check ({c})"));
        }
    }
    facts.extend(schema.views.iter().map(|v| format!("view {v}")));
    facts.extend(schema.triggers.iter().map(|t| format!("trigger {t}")));
    facts.extend(schema.functions.iter().map(|f| format!("function {f}")));

    // The same fact twice (a duplicated index) is a difference too.
    let mut counted = BTreeMap::<String, usize>::new();
    for f in facts {
        *counted.entry(f).or_default() += 1;
    }
    counted
        .into_iter()
        .map(|(f, n)| if n == 1 { f } else { format!("{f} (×{n})") })
        .collect()
}

/// Removes a listed exception from one side's facts: the fact itself, or for `table NAME` the
/// table and every fact about it. Whether there was anything to remove.
fn remove_fact(facts: &mut BTreeSet<String>, fact: &str) -> bool {
    match fact.strip_prefix("table ") {
        Some(table) => {
            let found = facts.contains(fact);
            facts.retain(|f| {
                f != fact
                    && !f.starts_with(&format!("{table}."))
                    && !f.starts_with(&format!("{table}:"))
            });
            found
        }
        None => facts.remove(fact),
    }
}

// --- SQLite --------------------------------------------------------------------------------

#[derive(QueryableByName)]
struct SqliteObject {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    tbl_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    sql: Option<String>,
}

#[derive(QueryableByName)]
struct SqliteColumn {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    declared: String,
    #[diesel(sql_type = Bool)]
    notnull: bool,
    #[diesel(sql_type = Nullable<Text>)]
    dflt_value: Option<String>,
    #[diesel(sql_type = Integer)]
    pk: i32,
    #[diesel(sql_type = Integer)]
    hidden: i32,
}

#[derive(QueryableByName)]
struct SqliteIndex {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Bool)]
    is_unique: bool,
    #[diesel(sql_type = Text)]
    origin: String,
}

#[derive(QueryableByName)]
struct SqliteIndexColumn {
    #[diesel(sql_type = Nullable<Text>)]
    name: Option<String>,
    #[diesel(sql_type = Bool)]
    descending: bool,
}

#[derive(QueryableByName)]
struct SqliteForeignKey {
    #[diesel(sql_type = Integer)]
    id: i32,
    #[diesel(sql_type = Text)]
    ref_table: String,
    #[diesel(sql_type = Text)]
    column: String,
    #[diesel(sql_type = Nullable<Text>)]
    ref_column: Option<String>,
    #[diesel(sql_type = Text)]
    on_update: String,
    #[diesel(sql_type = Text)]
    on_delete: String,
}

fn read_sqlite(conn: &mut SqliteConnection) -> Schema {
    // Names starting with sqlite_ are SQLite's own (sqlite_sequence, sqlite_stat1, the
    // automatic indexes of constraints), as pg_catalog is PostgreSQL's: not read on either side.
    let objects: Vec<SqliteObject> = diesel::sql_query(
        "SELECT type AS kind, name, tbl_name, sql FROM sqlite_master \
         WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )
    .load(conn)
    .expect("sqlite_master");
    let index_sql: BTreeMap<&str, &str> = objects
        .iter()
        .filter(|o| o.kind == "index")
        .filter_map(|o| Some((o.name.as_str(), o.sql.as_deref()?)))
        .collect();

    let mut schema = Schema::default();
    for o in &objects {
        match o.kind.as_str() {
            "table" => {}
            "view" => {
                schema.views.insert(o.name.clone());
                continue;
            }
            "trigger" => {
                schema
                    .triggers
                    .insert(format!("{} on {}", o.name, o.tbl_name));
                continue;
            }
            // Read with their tables.
            "index" => continue,
            other => panic!("an SQLite object of an unknown kind: {other} {}", o.name),
        }
        let sql = o.sql.as_deref().unwrap_or_default();
        let upper_sql = strip_comments(sql).to_ascii_uppercase();
        let mut table = Table::default();

        // hidden: 1 for a virtual table's hidden columns, 2 and 3 for generated columns.
        let columns: Vec<SqliteColumn> = diesel::sql_query(
            "SELECT name, type AS declared, \"notnull\", dflt_value, pk, hidden \
             FROM pragma_table_xinfo(?) WHERE hidden <> 1 ORDER BY cid",
        )
        .bind::<Text, _>(&o.name)
        .load(conn)
        .expect("pragma_table_xinfo");
        let mut pk: Vec<(i32, &SqliteColumn)> = columns
            .iter()
            .filter(|c| c.pk > 0)
            .map(|c| (c.pk, c))
            .collect();
        pk.sort_by_key(|(n, _)| *n);
        // A single INTEGER PRIMARY KEY column of a rowid table is the rowid, never NULL (other
        // primary key columns of SQLite do take NULL unless declared NOT NULL).
        let rowid = match pk.as_slice() {
            [(_, c)]
                if c.declared.eq_ignore_ascii_case("INTEGER")
                    && !upper_sql.contains("WITHOUT ROWID") =>
            {
                Some(c.name.clone())
            }
            _ => None,
        };
        table.primary_key = pk.iter().map(|(_, c)| c.name.clone()).collect();
        for c in &columns {
            let is_rowid = rowid.as_deref() == Some(c.name.as_str());
            table.columns.insert(
                c.name.clone(),
                Column {
                    ty: sqlite_type(&c.declared),
                    nullable: !c.notnull && !is_rowid,
                    default: c.dflt_value.as_deref().map(normalise_expr),
                    autoincrement: is_rowid && upper_sql.contains("AUTOINCREMENT"),
                    generated: c.hidden == 2 || c.hidden == 3,
                },
            );
        }

        let indexes: Vec<SqliteIndex> = diesel::sql_query(
            "SELECT name, \"unique\" AS is_unique, origin FROM pragma_index_list(?) ORDER BY name",
        )
        .bind::<Text, _>(&o.name)
        .load(conn)
        .expect("pragma_index_list");
        for i in indexes {
            if i.origin == "pk" {
                continue;
            }
            let columns: Vec<SqliteIndexColumn> = diesel::sql_query(
                "SELECT name, \"desc\" AS descending FROM pragma_index_xinfo(?) \
                 WHERE key ORDER BY seqno",
            )
            .bind::<Text, _>(&i.name)
            .load(conn)
            .expect("pragma_index_xinfo");
            table.indexes.push(Index {
                unique: i.is_unique,
                columns: columns
                    .into_iter()
                    .map(|c| {
                        let name = c.name.unwrap_or_else(|| "<expression>".into());
                        if c.descending {
                            format!("{name} desc")
                        } else {
                            name
                        }
                    })
                    .collect(),
                predicate: index_sql
                    .get(i.name.as_str())
                    .and_then(|sql| where_clause(sql))
                    .map(|p| normalise_expr(&p)),
                method: "btree".into(),
            });
        }

        let keys: Vec<SqliteForeignKey> = diesel::sql_query(
            "SELECT id, \"table\" AS ref_table, \"from\" AS column, \"to\" AS ref_column, \
             on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq",
        )
        .bind::<Text, _>(&o.name)
        .load(conn)
        .expect("pragma_foreign_key_list");
        let mut by_id = BTreeMap::<i32, Vec<SqliteForeignKey>>::new();
        for k in keys {
            by_id.entry(k.id).or_default().push(k);
        }
        for parts in by_id.into_values() {
            let first = &parts[0];
            // REFERENCES t without columns means t's primary key.
            let references = if parts.iter().all(|p| p.ref_column.is_some()) {
                parts.iter().filter_map(|p| p.ref_column.clone()).collect()
            } else {
                let pk: Vec<String> = diesel::sql_query(
                    "SELECT name, type AS declared, \"notnull\", dflt_value, pk, hidden \
                     FROM pragma_table_xinfo(?) WHERE pk > 0 ORDER BY pk",
                )
                .bind::<Text, _>(&first.ref_table)
                .load::<SqliteColumn>(conn)
                .expect("pragma_table_xinfo")
                .into_iter()
                .map(|c| c.name)
                .collect();
                pk
            };
            table.foreign_keys.push(ForeignKey {
                columns: parts.iter().map(|p| p.column.clone()).collect(),
                table: first.ref_table.clone(),
                references,
                on_delete: first.on_delete.to_ascii_lowercase(),
                on_update: first.on_update.to_ascii_lowercase(),
            });
        }

        table.checks = checks_in(sql).iter().map(|c| normalise_expr(c)).collect();
        schema.tables.insert(o.name.clone(), table);
    }
    schema
}

/// The family of an SQLite column's declared type (SQLite keeps the declaration as written).
fn sqlite_type(declared: &str) -> String {
    let upper = declared.to_ascii_uppercase();
    let base = upper.split('(').next().unwrap_or_default().trim();
    match base {
        "TEXT" | "VARCHAR" | "CHAR" | "CHARACTER" | "CHARACTER VARYING" | "CLOB" => "text",
        "INTEGER" | "INT" | "INT4" | "SMALLINT" | "INT2" => "int",
        "BIGINT" | "INT8" => "bigint",
        "BOOLEAN" | "BOOL" => "bool",
        "TIMESTAMP" | "DATETIME" => "timestamp",
        "TIMESTAMPTZ" => "timestamptz",
        "DATE" => "date",
        "REAL" | "DOUBLE" | "DOUBLE PRECISION" | "FLOAT" | "FLOAT8" => "real",
        "BLOB" | "BYTEA" | "BINARY" => "blob",
        "" => "(none)",
        _ => return format!("sqlite {declared}"),
    }
    .into()
}

// --- PostgreSQL ----------------------------------------------------------------------------

#[derive(QueryableByName)]
struct PgRelation {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    kind: String,
}

#[derive(QueryableByName)]
struct PgColumn {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Text)]
    udt_name: String,
    #[diesel(sql_type = Bool)]
    nullable: bool,
    #[diesel(sql_type = Nullable<Text>)]
    column_default: Option<String>,
    #[diesel(sql_type = Bool)]
    generated: bool,
    #[diesel(sql_type = Bool)]
    identity: bool,
}

#[derive(QueryableByName)]
struct PgIndex {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Bool)]
    is_unique: bool,
    #[diesel(sql_type = Bool)]
    is_primary: bool,
    #[diesel(sql_type = Text)]
    method: String,
    #[diesel(sql_type = Nullable<Text>)]
    predicate: Option<String>,
    /// Separated by U+001F, which no column name contains.
    #[diesel(sql_type = Text)]
    columns: String,
}

#[derive(QueryableByName)]
struct PgForeignKey {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    ref_table: String,
    #[diesel(sql_type = Text)]
    columns: String,
    #[diesel(sql_type = Text)]
    ref_columns: String,
    #[diesel(sql_type = Text)]
    on_delete: String,
    #[diesel(sql_type = Text)]
    on_update: String,
}

#[derive(QueryableByName)]
struct PgNamed {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
}

fn read_postgres(conn: &mut PgConnection) -> Schema {
    let mut schema = Schema::default();

    let relations: Vec<PgRelation> = diesel::sql_query(
        "SELECT table_name::text AS name, table_type::text AS kind FROM information_schema.tables \
         WHERE table_schema = 'public'",
    )
    .load(conn)
    .expect("information_schema.tables");
    for r in relations {
        match r.kind.as_str() {
            "BASE TABLE" => {
                schema.tables.insert(r.name, Table::default());
            }
            "VIEW" => {
                schema.views.insert(r.name);
            }
            other => panic!(
                "a PostgreSQL relation of an unknown kind: {other} {}",
                r.name
            ),
        }
    }

    let columns: Vec<PgColumn> = diesel::sql_query(
        "SELECT table_name::text, column_name::text, data_type::text, udt_name::text, \
                is_nullable = 'YES' AS nullable, column_default::text, \
                is_generated = 'ALWAYS' AS generated, is_identity = 'YES' AS identity \
         FROM information_schema.columns WHERE table_schema = 'public' \
         ORDER BY table_name, ordinal_position",
    )
    .load(conn)
    .expect("information_schema.columns");
    for c in columns {
        let Some(table) = schema.tables.get_mut(&c.table_name) else {
            continue; // a view's
        };
        // A serial column is a default taken from a sequence.
        let serial = c
            .column_default
            .as_deref()
            .is_some_and(|d| d.starts_with("nextval("));
        table.columns.insert(
            c.column_name,
            Column {
                ty: postgres_type(&c.data_type, &c.udt_name),
                nullable: c.nullable,
                default: c
                    .column_default
                    .as_deref()
                    .filter(|_| !serial)
                    .map(normalise_expr),
                autoincrement: serial || c.identity,
                generated: c.generated,
            },
        );
    }

    // Every index, those of primary keys and unique constraints included.
    let indexes: Vec<PgIndex> = diesel::sql_query(
        "SELECT t.relname::text AS table_name, i.indisunique AS is_unique, \
                i.indisprimary AS is_primary, am.amname::text AS method, \
                pg_get_expr(i.indpred, i.indrelid) AS predicate, \
                (SELECT string_agg(pg_get_indexdef(i.indexrelid, k, true) \
                        || CASE WHEN (i.indoption[k - 1] & 1) = 1 THEN ' desc' ELSE '' END, \
                        E'\\x1f' ORDER BY k) \
                   FROM generate_series(1, i.indnkeyatts) AS k) AS columns \
         FROM pg_index i \
         JOIN pg_class c ON c.oid = i.indexrelid \
         JOIN pg_class t ON t.oid = i.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         JOIN pg_am am ON am.oid = c.relam \
         WHERE n.nspname = 'public'",
    )
    .load(conn)
    .expect("pg_index");
    for i in indexes {
        let Some(table) = schema.tables.get_mut(&i.table_name) else {
            continue;
        };
        let columns = split_list(&i.columns);
        if i.is_primary {
            table.primary_key = columns;
        } else {
            table.indexes.push(Index {
                unique: i.is_unique,
                columns,
                predicate: i.predicate.as_deref().map(normalise_expr),
                method: i.method,
            });
        }
    }

    let keys: Vec<PgForeignKey> = diesel::sql_query(
        "SELECT t.relname::text AS table_name, r.relname::text AS ref_table, \
                (SELECT string_agg(a.attname::text, E'\\x1f' ORDER BY k.n) \
                   FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, n) \
                   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) \
                  AS columns, \
                (SELECT string_agg(a.attname::text, E'\\x1f' ORDER BY k.n) \
                   FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, n) \
                   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) \
                  AS ref_columns, \
                con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update \
         FROM pg_constraint con \
         JOIN pg_class t ON t.oid = con.conrelid \
         JOIN pg_class r ON r.oid = con.confrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE con.contype = 'f' AND n.nspname = 'public'",
    )
    .load(conn)
    .expect("pg_constraint (foreign keys)");
    for k in keys {
        let Some(table) = schema.tables.get_mut(&k.table_name) else {
            continue;
        };
        table.foreign_keys.push(ForeignKey {
            columns: split_list(&k.columns),
            table: k.ref_table,
            references: split_list(&k.ref_columns),
            on_delete: postgres_action(&k.on_delete),
            on_update: postgres_action(&k.on_update),
        });
    }

    // PostgreSQL writes a CHECK back in its own words: `CHECK (<expression>)`.
    let checks: Vec<PgNamed> = diesel::sql_query(
        "SELECT t.relname::text AS table_name, pg_get_constraintdef(con.oid, true) AS name \
         FROM pg_constraint con \
         JOIN pg_class t ON t.oid = con.conrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE con.contype = 'c' AND n.nspname = 'public'",
    )
    .load(conn)
    .expect("pg_constraint (checks)");
    for c in checks {
        let Some(table) = schema.tables.get_mut(&c.table_name) else {
            continue;
        };
        let expr = c.name.trim();
        let expr = expr
            .strip_prefix("CHECK")
            .unwrap_or_else(|| panic!("a CHECK constraint: {expr}"));
        table.checks.push(normalise_expr(expr));
    }

    // Triggers the schema made (not those PostgreSQL makes for foreign keys).
    let triggers: Vec<PgNamed> = diesel::sql_query(
        "SELECT t.relname::text AS table_name, tg.tgname::text AS name \
         FROM pg_trigger tg \
         JOIN pg_class t ON t.oid = tg.tgrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE NOT tg.tgisinternal AND n.nspname = 'public'",
    )
    .load(conn)
    .expect("pg_trigger");
    schema.triggers = triggers
        .into_iter()
        .map(|t| format!("{} on {}", t.name, t.table_name))
        .collect();

    let functions: Vec<PgNamed> = diesel::sql_query(
        "SELECT '' AS table_name, \
                p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS name \
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
         WHERE n.nspname = 'public'",
    )
    .load(conn)
    .expect("pg_proc");
    schema.functions = functions.into_iter().map(|f| f.name).collect();

    schema
}

/// The family of a PostgreSQL column's type, as `sqlite_type` names them.
fn postgres_type(data_type: &str, udt_name: &str) -> String {
    match data_type {
        "text" | "character varying" | "character" => "text",
        "integer" | "smallint" => "int",
        "bigint" => "bigint",
        "boolean" => "bool",
        "timestamp without time zone" => "timestamp",
        "timestamp with time zone" => "timestamptz",
        "date" => "date",
        "real" | "double precision" => "real",
        "bytea" => "blob",
        _ => udt_name,
    }
    .into()
}

/// `pg_constraint.confdeltype` and `confupdtype` in SQLite's words.
fn postgres_action(code: &str) -> String {
    match code {
        "a" => "no action",
        "r" => "restrict",
        "c" => "cascade",
        "n" => "set null",
        "d" => "set default",
        other => panic!("an unknown foreign key action: {other}"),
    }
    .into()
}

fn split_list(list: &str) -> Vec<String> {
    list.split('\u{1f}').map(str::to_string).collect()
}

// --- SQL text ------------------------------------------------------------------------------

/// The SQL without its comments (SQLite keeps a statement as written, comments included).
fn strip_comments(sql: &str) -> String {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            q @ ('\'' | '"' | '`') => {
                let end = closing_quote(&chars, i, q);
                out.extend(&chars[i..end]);
                i = end;
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    i += 1;
                }
                i += 2;
                out.push(' ');
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Just past the quote that closes the one at `start` (a doubled quote is part of the text).
fn closing_quote(chars: &[char], start: usize, quote: char) -> usize {
    let mut i = start + 1;
    while i < chars.len() {
        if chars[i] == quote {
            if chars.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    chars.len()
}

/// The positions of a keyword (whole word, any case) outside quotes, with the depth of
/// parentheses at each.
fn keyword_positions(chars: &[char], keyword: &str) -> Vec<(usize, i32)> {
    let word: Vec<char> = keyword.chars().collect();
    let is_word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric() || *c == '_');
    let mut found = Vec::new();
    let (mut i, mut depth) = (0, 0);
    while i < chars.len() {
        match chars[i] {
            q @ ('\'' | '"' | '`') => {
                i = closing_quote(chars, i, q);
                continue;
            }
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {
                let matches = chars.len() - i >= word.len()
                    && chars[i..i + word.len()]
                        .iter()
                        .zip(&word)
                        .all(|(a, b)| a.eq_ignore_ascii_case(b));
                if matches
                    && (i == 0 || !is_word(chars.get(i - 1)))
                    && !is_word(chars.get(i + word.len()))
                {
                    found.push((i, depth));
                    i += word.len();
                    continue;
                }
            }
        }
        i += 1;
    }
    found
}

/// The expressions of the CHECK constraints in a CREATE TABLE statement, of columns and of the
/// table alike (PostgreSQL keeps both as constraints of the table).
fn checks_in(sql: &str) -> Vec<String> {
    let chars: Vec<char> = strip_comments(sql).chars().collect();
    let mut checks = Vec::new();
    for (at, _) in keyword_positions(&chars, "check") {
        let mut i = at + "check".len();
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        assert_eq!(
            chars.get(i),
            Some(&'('),
            "CHECK without its expression: {sql}"
        );
        let start = i;
        let mut depth = 0;
        while i < chars.len() {
            match chars[i] {
                q @ ('\'' | '"' | '`') => {
                    i = closing_quote(&chars, i, q);
                    continue;
                }
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        checks.push(chars[start..=i.min(chars.len() - 1)].iter().collect());
    }
    checks
}

/// The condition of a partial index, from its CREATE INDEX statement.
fn where_clause(sql: &str) -> Option<String> {
    let chars: Vec<char> = strip_comments(sql).chars().collect();
    let (at, _) = keyword_positions(&chars, "where")
        .into_iter()
        .find(|(_, depth)| *depth == 0)?;
    Some(chars[at + "where".len()..].iter().collect())
}

/// An expression in a form both backends' spellings of it share: lower case outside string
/// literals, PostgreSQL's casts (`'x'::text`) dropped, spaces only between words, no
/// parentheses around the whole.
///
/// PostgreSQL writes expressions back in its own words, so a CHECK beyond comparisons of
/// columns and literals (`IN`, `BETWEEN`) may need more here.
fn normalise_expr(expr: &str) -> String {
    const TYPE_WORDS: [&str; 6] = ["varying", "without", "with", "time", "zone", "precision"];
    let chars: Vec<char> = expr.trim().chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            q @ ('\'' | '"') => {
                let end = closing_quote(&chars, i, q);
                out.extend(&chars[i..end]);
                i = end;
            }
            ':' if chars.get(i + 1) == Some(&':') => {
                // A cast: the type's name, of one or more words, and an array's brackets.
                i += 2;
                loop {
                    while i < chars.len()
                        && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '[' | ']'))
                    {
                        i += 1;
                    }
                    let rest: String = chars[i..].iter().collect();
                    let rest = rest.to_ascii_lowercase();
                    let next = TYPE_WORDS.iter().find(|w| {
                        rest.starts_with(&format!(" {w}"))
                            && !rest[1 + w.len()..]
                                .starts_with(|c: char| c.is_alphanumeric() || c == '_')
                    });
                    match next {
                        Some(w) => i += 1 + w.len(),
                        None => break,
                    }
                }
            }
            c if c.is_whitespace() => {
                while i < chars.len() && chars[i].is_whitespace() {
                    i += 1;
                }
                out.push(' ');
            }
            c => {
                out.extend(c.to_lowercase());
                i += 1;
            }
        }
    }
    let mut s = out.replace("( ", "(").replace(" )", ")").trim().to_string();
    while s.starts_with('(') && s.ends_with(')') && closes_at_end(&s) {
        s = s[1..s.len() - 1].trim().to_string();
    }
    s
}

/// Whether the parenthesis that opens `s` is the one that closes it.
fn closes_at_end(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let mut depth = 0;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            q @ ('\'' | '"') => {
                i = closing_quote(&chars, i, q);
                continue;
            }
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return i == chars.len() - 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    false
}

#[test]
fn expressions_are_normalised() {
    assert_eq!(
        normalise_expr("(((building_block_id IS NULL) <> (base_data_domain_id IS NULL)))"),
        "(building_block_id is null) <> (base_data_domain_id is null)"
    );
    assert_eq!(
        normalise_expr("(role = 'Infrastruktur  ansvarig'::text)"),
        "role = 'Infrastruktur  ansvarig'"
    );
    assert_eq!(
        normalise_expr("'2000-01-01'::timestamp without time zone"),
        "'2000-01-01'"
    );
    assert_eq!(normalise_expr("(a) <> (b)"), "(a) <> (b)");
    assert_eq!(
        checks_in("CREATE TABLE t (checks TEXT CHECK (checks <> ')'), -- check (x)\n CHECK ((a IS NULL) <> (b IS NULL)))"),
        ["(checks <> ')')", "((a IS NULL) <> (b IS NULL))"]
    );
    assert_eq!(
        where_clause("CREATE UNIQUE INDEX i ON t (origin) WHERE role = 'x'").as_deref(),
        Some(" role = 'x'")
    );
}
