import Testing

@testable import DatelineWeb

@Suite("Pagination links")
struct PaginationViewTests {
    @Test("links point at existing neighbour pages only")
    func neighbours() {
        let single = PaginationView(page: 1, pageSize: 20, total: 20, basePath: "/section/world")
        #expect(!single.isShown)
        #expect(single.olderURL == nil && single.newerURL == nil)

        let middle = PaginationView(page: 2, pageSize: 20, total: 41, basePath: "/section/world")
        #expect(middle.pageCount == 3)
        #expect(middle.newerURL == "/section/world")
        #expect(middle.olderURL == "/section/world?page=3")

        let empty = PaginationView(page: 1, pageSize: 20, total: 0, basePath: "/topic/x")
        #expect(empty.pageCount == 1)
    }
}
