import GRDB

extension AppDatabase {
    /// Creates an account and returns its token, which is shown once and stored only as a hash. An account
    /// with an email gets a notice of each new submission.
    public func addAccount(name: String, role: Role, email: MailAddress? = nil) throws -> (account: Account, token: String) {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count) else {
            throw InvalidInput([.length("name", 1...100)])
        }
        let token = Token.generate()
        let account = try writer.write { db in
            if try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM account WHERE name = ?", arguments: [name]) == true {
                throw LibraryError.conflict("an account named '\(name)' already exists")
            }
            try db.execute(
                sql: "INSERT INTO account (name, role, token_hash, created_at, email) VALUES (?, ?, ?, ?, ?)",
                arguments: [name, role.rawValue, Token.hash(token.secret), Timestamp.now(), email?.email])
            return try fetchAccounts(where: "id = ?", [db.lastInsertedRowID], in: db)[0]
        }
        return (account, token.secret)
    }

    /// Every account, active or revoked; tokens are never shown.
    public func accounts() throws -> [Account] {
        try reader.read { db in try fetchAccounts(where: "1", [], in: db) }
    }

    /// Revokes an account's token so it no longer signs in.
    public func revokeAccount(name: String) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE account SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                arguments: [Timestamp.now(), name])
            if db.changesCount == 0 { throw LibraryError.notFound("an active account named '\(name)'") }
        }
    }

    /// The active account a token belongs to, if any.
    public func account(forToken secret: String) throws -> Account? {
        let hash = Token.hash(secret)
        return try reader.read { db in try activeAccount(tokenHash: hash, in: db) }
    }

    /// The active account a token belongs to, read without blocking the caller's executor.
    public func account(forToken secret: String) async throws -> Account? {
        let hash = Token.hash(secret)
        return try await reader.read { db in try activeAccount(tokenHash: hash, in: db) }
    }

    /// The active (not revoked) account with this name, if any: one lookup by the unique name.
    public func activeAccount(named name: String) async throws -> Account? {
        try await reader.read { db in
            try fetchAccounts(where: "name = ? AND revoked_at IS NULL", [name], in: db).first
        }
    }

    private func activeAccount(tokenHash: String, in db: Database) throws -> Account? {
        try fetchAccounts(where: "token_hash = ? AND revoked_at IS NULL", [tokenHash], in: db).first
    }

    private func fetchAccounts(where condition: String, _ arguments: [any DatabaseValueConvertible], in db: Database) throws -> [Account] {
        try Row.fetchAll(
            db, sql: "SELECT id, name, role, created_at, revoked_at FROM account WHERE \(condition) ORDER BY id",
            arguments: StatementArguments(arguments)
        ).map { row in
            Account(
                id: row["id"], name: row["name"], role: Role(rawValue: row["role"]) ?? .moderator,
                createdAt: row["created_at"], revokedAt: row["revoked_at"])
        }
    }
}
