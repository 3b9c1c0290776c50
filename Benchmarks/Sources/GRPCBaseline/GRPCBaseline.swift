import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix

/// The issue-7 baseline: omsd's Ping and Availability served by grpc-swift-2
/// over HTTP/2 on a Unix socket, from the same messages and plant state.
@main
struct GRPCBaseline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grpc-baseline",
        abstract: "oms.v1.ServerService/Ping and oms.v1.InventoryService/Availability served by grpc-swift-2 (HTTP/2, Unix socket).",
        discussion: "Prints 'grpc-baseline ready: unix:PATH' once listening; stops on SIGTERM or SIGINT."
    )

    @Option(help: "The Unix socket to listen on.")
    var socket: String

    @Option(help: "Plant that receives stock at start (omsbench status-query's set-up).")
    var plant = "P1"

    @Option(help: "Item received at start.")
    var item = "BENCH-1"

    @Option(help: "Quantity received at start.")
    var quantity = "1000"

    func run() async throws {
        let plants = PlantStore()
        try plants.receive(plant: plant, item: item, quantity: quantity)
        let transport = HTTP2ServerTransport.Posix(address: .unixDomainSocket(path: socket), transportSecurity: .plaintext)
        let server = GRPCServer(transport: transport, services: [PingService(), AvailabilityService(plants: plants)])
        let signals = ShutdownSignals()
        let stop = signals.received
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await server.serve() }
            _ = try await transport.listeningAddress
            FileHandle.standardOutput.write(Data("grpc-baseline ready: unix:\(socket)\n".utf8))
            group.addTask {
                for await _ in stop { break }
                server.beginGracefulShutdown()
            }
        }
        withExtendedLifetime(signals) {}
    }
}
