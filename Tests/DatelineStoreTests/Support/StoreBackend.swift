import DatelineStore
import Foundation
import Testing

/// One storage backend the ``StoryStore`` contract runs against.
///
/// Every contract test takes a backend as its argument, so a new backend joins by appending
/// to ``all``; the tests themselves never change.
struct StoreBackend: Sendable, CustomTestStringConvertible {
    /// The backend's name as test reports show it.
    let name: String
    /// Opens a fresh, empty store with a way to open more instances on the same data.
    let open: @Sendable () async throws -> StoreFixture

    var testDescription: String { name }

    /// Every backend the contract runs against: SQLite always, PostgreSQL when
    /// `DATELINE_TEST_POSTGRES_URL` names a server (and under CI, where its absence fails).
    static let all: [StoreBackend] = [.sqlite] + (TestPostgres.isWanted ? [.postgres] : [])

    /// SQLite in a new file under the temporary directory.
    static let sqlite = StoreBackend(name: "SQLite") {
        let folder = try TemporaryFolder()
        let path = folder.path("dateline.sqlite")
        do {
            let store = try SQLiteStoryStore(path: path)
            return StoreFixture(
                store: store,
                openAnother: { try SQLiteStoryStore(path: path) },
                tearDown: { folder.remove() })
        } catch {
            folder.remove()
            throw error
        }
    }

    /// PostgreSQL in a new database on the server `DATELINE_TEST_POSTGRES_URL` names, dropped
    /// afterwards with every instance the test opened.
    static let postgres = StoreBackend(name: "PostgreSQL") {
        let database = try await TestPostgres.createDatabase()
        let instances = PostgresInstances()
        do {
            let store = try await PostgresStoryStore(location: database)
            await instances.add(store)
            return StoreFixture(
                store: store,
                openAnother: {
                    let another = try await PostgresStoryStore(location: database)
                    await instances.add(another)
                    return another
                },
                tearDown: {
                    await instances.shutdownAll()
                    await TestPostgres.dropDatabase(database)
                })
        } catch {
            await instances.shutdownAll()
            await TestPostgres.dropDatabase(database)
            throw error
        }
    }

    /// Runs `body` with a fresh store and tears the store's data down afterwards, whatever happens.
    func withStore<T>(_ body: (StoreFixture) async throws -> T) async throws -> T {
        let fixture = try await open()
        do {
            let result = try await body(fixture)
            await fixture.tearDown()
            return result
        } catch {
            await fixture.tearDown()
            throw error
        }
    }
}

/// A store under test, with a way to reach the same data through another instance (as another
/// process would) and a way to remove the data afterwards.
struct StoreFixture: Sendable {
    /// The store the test works with.
    let store: any StoryStore
    /// Opens another, independent instance over the same data.
    let openAnother: @Sendable () async throws -> any StoryStore
    /// Removes everything the fixture created.
    let tearDown: @Sendable () async -> Void
}

extension StoreFixture {
    /// The store as a ``NewsroomStore``, which every backend must also be.
    func newsroom() throws -> any NewsroomStore {
        try #require(store as? any NewsroomStore, "the backend must keep the newsroom too")
    }
}

/// The PostgreSQL stores one test opened, shut down together when it ends.
actor PostgresInstances {
    private var stores: [PostgresStoryStore] = []

    func add(_ store: PostgresStoryStore) {
        stores.append(store)
    }

    func shutdownAll() async {
        for store in stores { await store.shutdown() }
        stores = []
    }
}
