// Code that writes migrations also reads and applies them (the CLI, tests): `import
// TuskMigrations` brings the runtime migrator along.
@_exported import TuskMigrator
