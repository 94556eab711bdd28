import DatelineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresStoryStore: AuthorStore {
    public func authors() async throws(StoreError) -> [AuthorProfile] {
        try await read { [self] connection in try await Self.profiles(on: connection, logger: logger) }
    }

    public func author(id: Int64) async throws(StoreError) -> AuthorProfile? {
        try await read { [self] connection in try await Self.profiles(id: id, on: connection, logger: logger).first }
    }

    public func author(slug: Slug) async throws(StoreError) -> AuthorProfile? {
        try await read { [self] connection in
            try await Self.profiles(slug: slug.rawValue, on: connection, logger: logger).first
        }
    }

    public func authors(ofUser userID: Int64) async throws(StoreError) -> [AuthorProfile] {
        try await read { [self] connection in try await Self.profiles(userID: userID, on: connection, logger: logger) }
    }

    public func addAuthor(_ input: AuthorInput) async throws(StoreError) -> AuthorProfile {
        let (name, slug, bio) = try AuthorRules.checked(input)
        return try await writeStories { [self] connection, _ in
            try await Self.checkAccount(input.userID, on: connection, logger: logger)
            guard try await !Self.authorSlugTaken(slug, by: nil, on: connection, logger: logger) else {
                throw AuthorRules.taken(slug)
            }
            let inserted = try await connection.query(
                """
                INSERT INTO authors (slug, name, bio, user_id) VALUES (\(slug.rawValue), \(name), \(bio), \(input.userID))
                RETURNING id
                """, logger: logger
            ).decode(Int64.self).collected()
            guard let id = inserted.first,
                let profile = try await Self.profiles(id: id, on: connection, logger: logger).first
            else { throw StoreError.failed("PostgreSQL lost the new author") }
            return profile
        }
    }

    public func updateAuthor(id: Int64, with input: AuthorInput) async throws(StoreError) -> AuthorProfile {
        let (name, slug, bio) = try AuthorRules.checked(input)
        return try await writeStories { [self] connection, now in
            guard
                let old = try await connection.query(
                    "SELECT slug FROM authors WHERE id = \(id) FOR UPDATE", logger: logger
                ).decode(String.self).collected().first
            else { throw StoreError.notFound(id: id) }
            try await Self.checkAccount(input.userID, on: connection, logger: logger)
            if slug.rawValue != old {
                guard try await !Self.authorSlugTaken(slug, by: id, on: connection, logger: logger) else {
                    throw AuthorRules.taken(slug)
                }
                // Taking back an address this author had before: it is no longer a redirect.
                try await connection.query("DELETE FROM author_old_slugs WHERE slug = \(slug.rawValue)", logger: logger)
                try await connection.query(
                    """
                    INSERT INTO author_old_slugs (slug, author_id) VALUES (\(old), \(id))
                    ON CONFLICT (slug) DO UPDATE SET author_id = excluded.author_id
                    """, logger: logger)
            }
            try await connection.query(
                """
                UPDATE authors SET slug = \(slug.rawValue), name = \(name), bio = \(bio), user_id = \(input.userID)
                WHERE id = \(id)
                """, logger: logger)
            // The stories' bylines show the new name: their pages and feeds change.
            try await connection.query(
                """
                UPDATE stories SET updated_at = \(now.postgres)
                WHERE id IN (SELECT story_id FROM story_authors WHERE author_id = \(id))
                """, logger: logger)
            guard let profile = try await Self.profiles(id: id, on: connection, logger: logger).first else {
                throw StoreError.notFound(id: id)
            }
            return profile
        }
    }

    public func authorSlug(forOldSlug slug: Slug) async throws(StoreError) -> Slug? {
        try await read { [self] connection in
            try await connection.query(
                """
                SELECT authors.slug FROM author_old_slugs JOIN authors ON authors.id = author_old_slugs.author_id
                WHERE author_old_slugs.slug = \(slug.rawValue)
                """, logger: logger
            ).decode(String.self).collected().first.flatMap(Slug.init(validating:))
        }
    }

    public func publishedAuthors() async throws(StoreError) -> [Author] {
        try await read { [self] connection in
            try await connection.query(
                """
                SELECT authors.id, authors.slug, authors.name FROM authors
                WHERE EXISTS (SELECT 1 FROM story_authors JOIN stories ON stories.id = story_authors.story_id
                    WHERE story_authors.author_id = authors.id AND stories.status = 'published')
                ORDER BY lower(authors.name), authors.slug
                """, logger: logger
            ).decode((Int64, String, String).self).collected().compactMap { id, slug, name in
                Slug(validating: slug).map { Author(id: id, name: name, slug: $0) }
            }
        }
    }

    // MARK: - Helpers shared with story writes

    /// Credits a story with authors in order; refused when a key names no author.
    static func linkAuthors(
        _ ids: [Int64], toStory storyID: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !ids.isEmpty else { return }
        let known = Set(
            try await connection.query("SELECT id FROM authors WHERE id = ANY(\(ids))", logger: logger)
                .decode(Int64.self).collected())
        let missing = ids.filter { !known.contains($0) }
        guard missing.isEmpty else { throw AuthorRules.unknownAuthors(missing) }
        for (position, id) in ids.enumerated() {
            try await connection.query(
                "INSERT INTO story_authors (story_id, author_id, position) VALUES (\(storyID), \(id), \(position))",
                logger: logger)
        }
    }

    private static func checkAccount(_ id: Int64?, on connection: PostgresConnection, logger: Logger) async throws {
        guard let id else { return }
        let found = try await connection.query("SELECT id FROM users WHERE id = \(id)", logger: logger)
            .decode(Int64.self).collected()
        guard !found.isEmpty else { throw AuthorRules.unknownAccount(id) }
    }

    /// True when another author (not `id`) has `slug`, now or as an old address.
    private static func authorSlugTaken(
        _ slug: Slug, by id: Int64?, on connection: PostgresConnection, logger: Logger
    ) async throws -> Bool {
        let owner = id ?? 0
        let rows = try await connection.query(
            """
            SELECT 1 FROM authors WHERE slug = \(slug.rawValue) AND id <> \(owner)
            UNION ALL
            SELECT 1 FROM author_old_slugs WHERE slug = \(slug.rawValue) AND author_id <> \(owner)
            """, logger: logger
        ).decode(Int.self).collected()
        return !rows.isEmpty
    }

    private static func profiles(
        id: Int64? = nil, slug: String? = nil, userID: Int64? = nil, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [AuthorProfile] {
        let rows = try await connection.query(
            """
            SELECT authors.id, authors.slug, authors.name, authors.bio, authors.user_id,
                (SELECT COUNT(*) FROM story_authors WHERE story_authors.author_id = authors.id),
                (SELECT COUNT(*) FROM story_authors JOIN stories ON stories.id = story_authors.story_id
                    WHERE story_authors.author_id = authors.id AND stories.status = 'published')
            FROM authors
            WHERE (\(id)::bigint IS NULL OR authors.id = \(id)) AND (\(slug)::text IS NULL OR authors.slug = \(slug))
                AND (\(userID)::bigint IS NULL OR authors.user_id = \(userID))
            ORDER BY lower(authors.name), authors.slug
            """, logger: logger
        ).decode((Int64, String, String, String?, Int64?, Int64, Int64).self).collected()
        return rows.compactMap { id, slug, name, bio, userID, storyCount, publishedCount in
            Slug(validating: slug).map {
                AuthorProfile(
                    author: Author(id: id, name: name, slug: $0), bio: bio, userID: userID,
                    storyCount: Int(storyCount), publishedCount: Int(publishedCount))
            }
        }
    }
}
