import OMSCore
import Testing

/// The number of a generated id is what orders listings and the restored
/// production-order index: the digits after the last marker, else 0.
@Suite struct PlantScopedIDTests {
    @Test(arguments: [
        ("P1-R7", "-R", 7 as UInt64),
        ("PLANT-R-7-R12", "-R", 12),
        ("-R3", "-R", 3),
        ("Zürich-R18446744073709551615", "-R", .max),
        ("Zürich-R18446744073709551616", "-R", 0),  // overflows
        ("P1-R", "-R", 0),
        ("P1-R7x", "-R", 0),
        ("P1-R-7", "-R", 0),
        ("P1-P7", "-R", 0),
        ("R", "-R", 0),
        ("", "-R", 0),
        ("P1-T40", "-T", 40),
    ])
    func numberIsTheDigitsAfterTheLastMarker(id: String, marker: String, expected: UInt64) {
        #expect(PlantScopedID.number(id, marker: marker) == expected)
    }

    @Test func reservationsSortByNumberNotByText() {
        let ids = ["P1-R10", "P1-R9", "P1-R100", "P1-R1"]
        #expect(ids.map(InventoryState.number).sorted() == [1, 9, 10, 100])
    }
}
