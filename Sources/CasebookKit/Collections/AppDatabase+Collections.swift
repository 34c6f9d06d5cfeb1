import Foundation
import GRDB

extension AppDatabase {
    /// Creates a new, unpublished collection.
    @discardableResult
    public func createCollection(slug: String, draft: CollectionDraft, actor: String, at now: String = Timestamp.now()) throws -> ExampleCollection {
        try Self.checkNewCollection(slug: slug, draft: draft)
        return try writer.write { db in try insertCollection(slug: slug, draft: draft, actor: actor, at: now, in: db) }
    }

    /// Creates a new, unpublished collection without blocking the caller's executor.
    @discardableResult
    public func createCollection(slug: String, draft: CollectionDraft, actor: String, at now: String = Timestamp.now()) async throws -> ExampleCollection {
        try Self.checkNewCollection(slug: slug, draft: draft)
        return try await writer.write { db in try insertCollection(slug: slug, draft: draft, actor: actor, at: now, in: db) }
    }

    private static func checkNewCollection(slug: String, draft: CollectionDraft) throws {
        let errors = CollectionDraft.slugProblems(slug) + draft.problems()
        guard errors.isEmpty else { throw InvalidInput(errors) }
    }

    private func insertCollection(slug: String, draft: CollectionDraft, actor: String, at now: String, in db: Database) throws -> ExampleCollection {
        if try fetchCollection(slug, in: db) != nil { throw LibraryError.conflict("a collection with the slug '\(slug)' already exists") }
        try db.execute(
            sql: """
                INSERT INTO collection (slug, title, description, introduction, contact, status, created_at, updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?)
                """,
            arguments: [
                slug, draft.title.trimmingCharacters(in: .whitespacesAndNewlines), draft.description,
                draft.introduction, draft.contact, now, now, actor
            ])
        return try requireCollection(slug, in: db)
    }

    /// Replaces a collection's title, description, introduction and contact block.
    @discardableResult
    public func editCollection(_ slug: String, draft: CollectionDraft, actor: String, at now: String = Timestamp.now()) throws -> ExampleCollection {
        let errors = draft.problems()
        guard errors.isEmpty else { throw InvalidInput(errors) }
        return try writer.write { db in
            let collection = try requireCollection(slug, in: db)
            try db.execute(
                sql: """
                    UPDATE collection SET title = ?, description = ?, introduction = ?, contact = ?, updated_at = ?, updated_by = ? WHERE id = ?
                    """,
                arguments: [
                    draft.title.trimmingCharacters(in: .whitespacesAndNewlines), draft.description, draft.introduction,
                    draft.contact, now, actor, collection.id
                ])
            return try requireCollection(slug, in: db)
        }
    }

    /// Appends examples to a collection, in the order given; examples already in it keep their place.
    /// Every example must exist and be published, or nothing is added.
    @discardableResult
    public func addToCollection(
        _ slug: String, examples references: [ExampleReference], actor: String,
        at now: String = Timestamp.now()
    ) throws -> ExampleCollection {
        try writer.write { db in try appendItems(slug, references, actor: actor, at: now, in: db) }
    }

    /// Appends examples to a collection without blocking the caller's executor.
    @discardableResult
    public func addToCollection(
        _ slug: String, examples references: [ExampleReference], actor: String,
        at now: String = Timestamp.now()
    ) async throws -> ExampleCollection {
        try await writer.write { db in try appendItems(slug, references, actor: actor, at: now, in: db) }
    }

    private func appendItems(_ slug: String, _ references: [ExampleReference], actor: String, at now: String, in db: Database) throws -> ExampleCollection {
        let collection = try requireCollection(slug, in: db)
        let examples = try publishedExamples(references, in: db)
        var position = collection.items.map(\.position).max() ?? -1
        for stored in examples where !collection.items.contains(where: { $0.exampleID == stored.id }) {
            position += 1
            try insertItem(collectionID: collection.id, exampleID: stored.id, position: position, actor: actor, at: now, in: db)
        }
        return try touch(collection, actor: actor, at: now, in: db)
    }

    /// Replaces a collection's examples with these, in this order; every example must exist and be
    /// published, or nothing changes.
    @discardableResult
    public func replaceCollectionItems(
        _ slug: String, examples references: [ExampleReference], actor: String,
        at now: String = Timestamp.now()
    ) throws -> ExampleCollection {
        try writer.write { db in try replaceItems(slug, references, actor: actor, at: now, in: db) }
    }

    /// Replaces a collection's examples without blocking the caller's executor.
    @discardableResult
    public func replaceCollectionItems(
        _ slug: String, examples references: [ExampleReference], actor: String,
        at now: String = Timestamp.now()
    ) async throws -> ExampleCollection {
        try await writer.write { db in try replaceItems(slug, references, actor: actor, at: now, in: db) }
    }

    private func replaceItems(_ slug: String, _ references: [ExampleReference], actor: String, at now: String, in db: Database) throws -> ExampleCollection {
        let collection = try requireCollection(slug, in: db)
        let examples = try publishedExamples(references, in: db)
        let kept = Dictionary(collection.items.map { ($0.exampleID, $0) }, uniquingKeysWith: { first, _ in first })
        try db.execute(sql: "DELETE FROM collection_item WHERE collection_id = ?", arguments: [collection.id])
        var seen = Set<Int64>()
        for stored in examples where seen.insert(stored.id).inserted {
            let item = kept[stored.id]
            try insertItem(
                collectionID: collection.id, exampleID: stored.id, position: seen.count - 1,
                actor: item?.addedBy ?? actor, at: item?.addedAt ?? now, in: db)
        }
        return try touch(collection, actor: actor, at: now, in: db)
    }

    /// Moves one example a place up (`by: -1`) or down (`by: 1`) in a collection; at either end it stays.
    @discardableResult
    public func moveInCollection(
        _ slug: String, example reference: ExampleReference, by step: Int, actor: String,
        at now: String = Timestamp.now()
    ) throws -> ExampleCollection {
        try writer.write { db in
            let collection = try requireCollection(slug, in: db)
            guard let stored = try fetchExample(reference, in: db),
                let index = collection.items.firstIndex(where: { $0.exampleID == stored.id })
            else { throw LibraryError.notFound("\(reference) in collection '\(slug)'") }
            let target = index + step
            guard collection.items.indices.contains(target) else { return collection }
            var items = collection.items
            items.swapAt(index, target)
            for (position, item) in items.enumerated() {
                try db.execute(
                    sql: "UPDATE collection_item SET position = ? WHERE collection_id = ? AND example_id = ?",
                    arguments: [position, collection.id, item.exampleID])
            }
            return try touch(collection, actor: actor, at: now, in: db)
        }
    }

    /// The examples named, all of which must exist and be published.
    private func publishedExamples(_ references: [ExampleReference], in db: Database) throws -> [StoredExample] {
        let examples = try references.map { reference in
            guard let stored = try fetchExample(reference, in: db) else { throw LibraryError.notFound(reference.description) }
            return stored
        }
        let unpublished = examples.filter { $0.status != .published }.map { stored in
            FieldError(
                field: "examples",
                .rule("example \(stored.id) (\"\(stored.example.title)\") is \(stored.status.rawValue); only published examples can be added"))
        }
        guard unpublished.isEmpty else { throw InvalidInput(unpublished) }
        return examples
    }

    private func insertItem(collectionID: Int64, exampleID: Int64, position: Int, actor: String, at now: String, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO collection_item (collection_id, example_id, position, added_at, added_by) VALUES (?, ?, ?, ?, ?)
                """, arguments: [collectionID, exampleID, position, now, actor])
    }

    /// Takes examples out of a collection; each must be in it.
    @discardableResult
    public func removeFromCollection(
        _ slug: String, examples references: [ExampleReference], actor: String,
        at now: String = Timestamp.now()
    ) throws -> ExampleCollection {
        try writer.write { db in try removeItems(slug, references, actor: actor, at: now, in: db) }
    }

    /// Takes examples out of a collection without blocking the caller's executor.
    @discardableResult
    public func removeFromCollection(
        _ slug: String, examples references: [ExampleReference], actor: String,
        at now: String = Timestamp.now()
    ) async throws -> ExampleCollection {
        try await writer.write { db in try removeItems(slug, references, actor: actor, at: now, in: db) }
    }

    private func removeItems(_ slug: String, _ references: [ExampleReference], actor: String, at now: String, in db: Database) throws -> ExampleCollection {
        let collection = try requireCollection(slug, in: db)
        for reference in references {
            guard let stored = try fetchExample(reference, in: db),
                collection.items.contains(where: { $0.exampleID == stored.id })
            else { throw LibraryError.notFound("\(reference) in collection '\(slug)'") }
            try db.execute(sql: "DELETE FROM collection_item WHERE collection_id = ? AND example_id = ?", arguments: [collection.id, stored.id])
        }
        return try touch(collection, actor: actor, at: now, in: db)
    }

    /// Publishes a collection; publishing again marks a new edition with a new date.
    @discardableResult
    public func publishCollection(_ slug: String, actor: String, at now: String = Timestamp.now()) throws -> ExampleCollection {
        try writer.write { db in try markPublished(slug, actor: actor, at: now, in: db) }
    }

    /// Publishes a collection without blocking the caller's executor.
    @discardableResult
    public func publishCollection(_ slug: String, actor: String, at now: String = Timestamp.now()) async throws -> ExampleCollection {
        try await writer.write { db in try markPublished(slug, actor: actor, at: now, in: db) }
    }

    private func markPublished(_ slug: String, actor: String, at now: String, in db: Database) throws -> ExampleCollection {
        let collection = try requireCollection(slug, in: db)
        try db.execute(
            sql: """
                UPDATE collection SET status = 'published', published_at = ?, updated_at = ?, updated_by = ? WHERE id = ?
                """, arguments: [now, now, actor, collection.id])
        return try requireCollection(slug, in: db)
    }

    /// Every collection, by slug, with its items.
    public func collections() throws -> [ExampleCollection] {
        try reader.read { db in try allCollections(in: db) }
    }

    /// Every collection, read without blocking the caller's executor.
    public func collections() async throws -> [ExampleCollection] {
        try await reader.read { db in try allCollections(in: db) }
    }

    private func allCollections(in db: Database) throws -> [ExampleCollection] {
        try String.fetchAll(db, sql: "SELECT slug FROM collection ORDER BY slug").map { try requireCollection($0, in: db) }
    }

    /// One collection with its items, or a not-found error.
    public func requireCollection(_ slug: String) throws -> ExampleCollection {
        try reader.read { db in try requireCollection(slug, in: db) }
    }

    /// One collection with its items, read without blocking the caller's executor.
    public func requireCollection(_ slug: String) async throws -> ExampleCollection {
        try await reader.read { db in try requireCollection(slug, in: db) }
    }

    /// A collection ready to render: its published examples by chapter, and the items that dropped out.
    public func exportDocument(slug: String) throws -> ExportDocument {
        try reader.read { db in try exportDocument(slug: slug, in: db) }
    }

    /// A collection ready to render, read without blocking the caller's executor.
    public func exportDocument(slug: String) async throws -> ExportDocument {
        try await reader.read { db in try exportDocument(slug: slug, in: db) }
    }

    private func exportDocument(slug: String, in db: Database) throws -> ExportDocument {
        let collection = try requireCollection(slug, in: db)
        let ids = collection.items.map(\.exampleID)
        let stored = try Self.examples(ids: ids, in: db)
        let adoptions = try Self.fetchPublishedAdoptions(ofEach: ids, in: db)
        return ExportDocument(collection: collection, examples: stored, adoptions: adoptions, reference: reference)
    }

    // MARK: Rows

    private func touch(_ collection: ExampleCollection, actor: String, at now: String, in db: Database) throws -> ExampleCollection {
        try db.execute(sql: "UPDATE collection SET updated_at = ?, updated_by = ? WHERE id = ?", arguments: [now, actor, collection.id])
        return try requireCollection(collection.slug, in: db)
    }

    private func requireCollection(_ slug: String, in db: Database) throws -> ExampleCollection {
        guard let collection = try fetchCollection(slug, in: db) else { throw LibraryError.notFound("collection '\(slug)'") }
        return collection
    }

    private func fetchCollection(_ slug: String, in db: Database) throws -> ExampleCollection? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM collection WHERE slug = ?", arguments: [slug]) else { return nil }
        let items = try Row.fetchAll(
            db,
            sql: """
                SELECT i.example_id, e.uid, e.title, e.status, i.position, i.added_at, i.added_by
                FROM collection_item i JOIN example e ON e.id = i.example_id
                WHERE i.collection_id = ? ORDER BY i.position, i.example_id
                """, arguments: [row["id"] as Int64]
        ).map { item in
            CollectionItem(
                exampleID: item["example_id"], uid: item["uid"], title: item["title"],
                status: ExampleStatus(rawValue: item["status"]) ?? .submitted, position: item["position"],
                addedAt: item["added_at"], addedBy: item["added_by"])
        }
        return ExampleCollection(
            id: row["id"], slug: row["slug"], title: row["title"], description: row["description"], introduction: row["introduction"],
            contact: row["contact"], status: CollectionStatus(rawValue: row["status"]) ?? .draft, createdAt: row["created_at"],
            updatedAt: row["updated_at"], updatedBy: row["updated_by"], publishedAt: row["published_at"], items: items)
    }
}
