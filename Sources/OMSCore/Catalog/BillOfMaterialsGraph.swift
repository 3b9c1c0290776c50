import OMSProto

/// Which items a plant's BOMs make from which: parent item -> component items.
struct BillOfMaterialsGraph {
    private var components: [String: [String]] = [:]

    mutating func add(_ bom: Oms_V1_BillOfMaterials) {
        components[bom.itemID, default: []].append(contentsOf: bom.components.map(\.itemID))
    }

    /// The shortest chain of items from `start` to `goal` (both included), or
    /// nil. Breadth-first and iterative: deep BOMs cannot exhaust the stack.
    func path(from start: String, to goal: String) -> [String]? {
        if start == goal { return [start] }
        var cameFrom: [String: String] = [start: start]
        var frontier = [start]
        while !frontier.isEmpty {
            var next: [String] = []
            for item in frontier {
                for component in components[item] ?? [] where cameFrom[component] == nil {
                    cameFrom[component] = item
                    if component == goal { return chain(to: goal, cameFrom) }
                    next.append(component)
                }
            }
            frontier = next
        }
        return nil
    }

    private func chain(to goal: String, _ cameFrom: [String: String]) -> [String] {
        var chain = [goal]
        var item = goal
        while let previous = cameFrom[item], previous != item {
            chain.append(previous)
            item = previous
        }
        return chain.reversed()
    }
}
