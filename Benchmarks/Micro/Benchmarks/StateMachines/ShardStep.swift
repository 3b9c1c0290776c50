import OMSCore

extension PlantState {
    /// One command as the plant's shard thread handles it (Shard.decide),
    /// without the journal: decide, apply the events, then the material
    /// check's reaction to them, applied too, and the reply refreshed.
    mutating func handle(_ command: PlantCommand, context: CommandContext) throws(DomainError) -> PlantReply {
        let (events, reply) = try decide(command, context: context)
        guard !events.isEmpty else { return reply }
        events.forEach { apply($0) }
        let reaction = reaction(to: events, context: context)
        guard !reaction.isEmpty else { return reply }
        reaction.forEach { apply($0) }
        return refreshed(reply)
    }
}
