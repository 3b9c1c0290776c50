import Foundation
import OMSProto
import Testing

@testable import OMSWire

/// The worked example in docs/PROTOCOL.md is checked byte for byte against
/// what the code produces, so the document cannot drift from the wire.
@Suite("docs/PROTOCOL.md worked example")
struct ProtocolDocumentTests {
    static func exampleFrames() -> [(String, Frame)] {
        var serverHello = Oms_V1_Hello()
        serverHello.minVersion = 1
        serverHello.maxVersion = 1
        serverHello.version = 1
        serverHello.agent = "omsd"
        serverHello.maxFrameSize = 4_194_304
        serverHello.maxConcurrentStreams = 10_000

        var header = Oms_V1_RequestHeader()
        header.method = "oms.v1.Health/Check"
        header.timeoutMicros = 5_000_000

        var response = Oms_V1_HealthCheckResponse()
        response.status = .serving

        return [
            ("client-hello", ClientConnectionStateMachine<Int>.hello(agent: "omsctl")),
            ("server-hello", .hello(serverHello)),
            ("request", .request(streamID: 1, header: header, message: serialize(Oms_V1_HealthCheckRequest()))),
            ("response-message", .message(streamID: 1, serialize(response))),
            ("response-status", .status(streamID: 1, .ok)),
        ]
    }

    @Test func documentedBytesMatchTheCodec() throws {
        let documented = try Self.documentedFrames()
        for (name, frame) in Self.exampleFrames() {
            let hex = frame.encoded.map { String(format: "%02x", $0) }.joined(separator: " ")
            #expect(documented[name] == hex, "frame \(name): the code produces\n\(hex)")
        }
    }

    /// Hex blocks in the document, each preceded by a `<!-- frame: NAME -->` marker.
    static func documentedFrames() throws -> [String: String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/PROTOCOL.md"), encoding: .utf8)
        var frames: [String: String] = [:]
        var name: String?
        var collecting = false
        var bytes: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("<!-- frame: ") {
                name = line.dropFirst("<!-- frame: ".count).replacingOccurrences(of: " -->", with: "")
            } else if line.hasPrefix("```hex"), name != nil {
                collecting = true
                bytes = []
            } else if line.hasPrefix("```"), collecting, let current = name {
                frames[current] = bytes.joined(separator: " ")
                collecting = false
                name = nil
            } else if collecting {
                // Each line: hex bytes, then an optional "# comment".
                let data = line.split(separator: "#", maxSplits: 1).first ?? ""
                bytes += data.split(separator: " ").map(String.init)
            }
        }
        return frames
    }
}
