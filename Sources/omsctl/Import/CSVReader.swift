/// RFC 4180 records: quoted fields may hold commas, doubled quotes and line
/// breaks, so each record carries the file line it starts on.
struct CSVRecord: Equatable {
    var line: Int
    var fields: [String]
}

enum CSVReader {
    static func records(_ text: String) -> [CSVRecord] {
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field: [Unicode.Scalar] = []
        var line = 1
        var recordLine = 1
        var quoted = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        if pending == "\u{FEFF}" { pending = scalars.next() }

        func endRecord() {
            fields.append(String(String.UnicodeScalarView(field)))
            field = []
            // A blank line is no record.
            if fields != [""] { records.append(CSVRecord(line: recordLine, fields: fields)) }
            fields = []
        }

        while let scalar = pending {
            pending = scalars.next()
            if quoted {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.append("\"")
                        pending = scalars.next()
                    } else {
                        quoted = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty:
                quoted = true
            case ",":
                fields.append(String(String.UnicodeScalarView(field)))
                field = []
            case "\r" where pending == "\n":
                break
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(scalar)
            }
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
