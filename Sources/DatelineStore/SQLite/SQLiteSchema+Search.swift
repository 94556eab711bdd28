import GRDB

extension SQLiteSchema {
    /// The full-text index over every story's headline, highlights, body and topic names.
    ///
    /// The index holds every story whatever its status (searches join `stories` to keep only
    /// published ones), so a status change needs no index work. Triggers keep it right for every
    /// write path, present and future: inserting, editing or deleting a story, linking or
    /// unlinking a topic, renaming a topic. Lists stored as JSON are indexed as plain text, one
    /// item per line, so snippets read as prose. The `porter` stemmer lets "independence" find
    /// "independent"; `remove_diacritics 2` lets "cafe" find "café".
    static func createSearchIndex(_ db: Database) throws {
        let highlights = plainText(of: "new.highlights")
        let body = plainText(of: "new.body")
        try db.execute(
            sql: """
                CREATE VIRTUAL TABLE story_search USING fts5(
                    headline, highlights, body, topics,
                    tokenize = 'porter unicode61 remove_diacritics 2'
                );

                INSERT INTO story_search (rowid, headline, highlights, body, topics)
                SELECT id, headline, \(plainText(of: "highlights")), \(plainText(of: "body")), \(topicNames(of: "id"))
                FROM stories;

                CREATE TRIGGER story_search_after_story_insert AFTER INSERT ON stories BEGIN
                    INSERT INTO story_search (rowid, headline, highlights, body, topics)
                    VALUES (new.id, new.headline, \(highlights), \(body), \(topicNames(of: "new.id")));
                END;

                CREATE TRIGGER story_search_after_story_update AFTER UPDATE OF id, headline, highlights, body ON stories
                BEGIN
                    DELETE FROM story_search WHERE rowid = old.id;
                    INSERT INTO story_search (rowid, headline, highlights, body, topics)
                    VALUES (new.id, new.headline, \(highlights), \(body), \(topicNames(of: "new.id")));
                END;

                CREATE TRIGGER story_search_after_story_delete AFTER DELETE ON stories BEGIN
                    DELETE FROM story_search WHERE rowid = old.id;
                END;

                CREATE TRIGGER story_search_after_topic_link AFTER INSERT ON story_topics BEGIN
                    UPDATE story_search SET topics = \(topicNames(of: "new.story_id")) WHERE rowid = new.story_id;
                END;

                CREATE TRIGGER story_search_after_topic_unlink AFTER DELETE ON story_topics BEGIN
                    UPDATE story_search SET topics = \(topicNames(of: "old.story_id")) WHERE rowid = old.story_id;
                END;

                CREATE TRIGGER story_search_after_topic_rename AFTER UPDATE OF name ON topics BEGIN
                    UPDATE story_search SET topics = \(topicNames(of: "story_search.rowid"))
                    WHERE rowid IN (SELECT story_id FROM story_topics WHERE topic_id = new.id);
                END;
                """)
    }

    /// Lets a write index a story once, after its topics are linked, rather than once more per
    /// topic: an FTS5 row is rewritten whole (every word of the body tokenised again) whenever one
    /// of its columns changes, so a story stored with six topics was indexed thirteen times, most of
    /// an import's database time. A write that marks the story `search_pending` (``StoryRecord``)
    /// skips the story and topic triggers; clearing the mark indexes it once. Writers that never
    /// set the mark (NULL) are indexed by the triggers as before.
    static func indexSearchAfterTopics(_ db: Database) throws {
        // The story's row as the insert trigger of v2 writes it.
        let indexRow = """
            INSERT INTO story_search (rowid, headline, highlights, body, topics)
            VALUES (new.id, new.headline, \(plainText(of: "new.highlights")), \(plainText(of: "new.body")), \
            \(topicNames(of: "new.id")));
            """
        func notPending(_ storyID: String) -> String {
            "(SELECT search_pending FROM stories WHERE id = \(storyID)) IS NULL"
        }
        try db.execute(
            sql: """
                ALTER TABLE stories ADD COLUMN search_pending INTEGER;

                DROP TRIGGER story_search_after_story_insert;
                CREATE TRIGGER story_search_after_story_insert AFTER INSERT ON stories
                WHEN new.search_pending IS NULL BEGIN
                    \(indexRow)
                END;

                DROP TRIGGER story_search_after_story_update;
                CREATE TRIGGER story_search_after_story_update AFTER UPDATE OF id, headline, highlights, body ON stories
                WHEN new.search_pending IS NULL BEGIN
                    DELETE FROM story_search WHERE rowid = old.id;
                    \(indexRow)
                END;

                DROP TRIGGER story_search_after_topic_link;
                CREATE TRIGGER story_search_after_topic_link AFTER INSERT ON story_topics
                WHEN \(notPending("new.story_id")) BEGIN
                    UPDATE story_search SET topics = \(topicNames(of: "new.story_id")) WHERE rowid = new.story_id;
                END;

                DROP TRIGGER story_search_after_topic_unlink;
                CREATE TRIGGER story_search_after_topic_unlink AFTER DELETE ON story_topics
                WHEN \(notPending("old.story_id")) BEGIN
                    UPDATE story_search SET topics = \(topicNames(of: "old.story_id")) WHERE rowid = old.story_id;
                END;

                CREATE TRIGGER story_search_after_pending_write AFTER UPDATE OF search_pending ON stories
                WHEN old.search_pending IS NOT NULL AND new.search_pending IS NULL BEGIN
                    DELETE FROM story_search WHERE rowid = new.id;
                    \(indexRow)
                END;
                """)
    }

    /// SQL turning a JSON list column into its items, one per line; text that is not a JSON
    /// list (a hand-edited row) is indexed as it stands rather than failing the write.
    private static func plainText(of column: String) -> String {
        """
        (CASE WHEN json_valid(\(column)) AND json_type(\(column)) = 'array' \
        THEN (SELECT group_concat(value, char(10)) FROM json_each(\(column))) ELSE \(column) END)
        """
    }

    /// SQL listing the names of a story's topics, space-separated.
    private static func topicNames(of storyID: String) -> String {
        """
        (SELECT group_concat(topics.name, ' ') FROM story_topics JOIN topics ON topics.id = story_topics.topic_id \
        WHERE story_topics.story_id = \(storyID))
        """
    }
}
