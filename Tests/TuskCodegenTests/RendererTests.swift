import Testing
@testable import TuskCodegen

@Suite struct RendererTests {
    @Test func stringLiteralsEscapeQuotesBackslashesAndControlCharacters() {
        #expect(SwiftRenderer.stringLiteral(#"a "b" \c"#) == #""a \"b\" \\c""#)
        #expect(SwiftRenderer.stringLiteral("line\nnext\ttab\u{1}") == #""line\nnext\ttab\u{1}""#)
        #expect(SwiftRenderer.stringLiteral("naïve ✓") == "\"naïve ✓\"")
    }

    @Test func keywordsAreEscapedAndOtherNamesAreNot() {
        #expect(SwiftIdentifier.escaped("default") == "`default`")
        #expect(SwiftIdentifier.escaped("self") == "`self`")
        #expect(SwiftIdentifier.escaped("type") == "type")
        #expect(SwiftIdentifier.escaped("passwordHash") == "passwordHash")
        #expect(SwiftIdentifier.isValid("sourceURL"))
        #expect(!SwiftIdentifier.isValid("2fa"))
        #expect(!SwiftIdentifier.isValid("has space"))
        #expect(!SwiftIdentifier.isValid(""))
    }

    @Test func longSignaturesWrapOneParameterPerLine() {
        let parameters = (1...8).map { SwiftParameter(name: "parameterNumber\($0)", type: "Swift.String") }
        let file = SwiftFile(header: ["h"], declarations: [
            .type(SwiftTypeDeclaration(access: .public, kind: .struct, name: "S", members: [
                .initializer(SwiftInitializer(access: .public, parameters: Array(parameters.prefix(1)), body: [])),
                .initializer(SwiftInitializer(access: .public, parameters: parameters, body: [.expression(.call("x", []))])),
            ])),
        ])
        #expect(SwiftRenderer.render(file) == """
            // h

            public struct S {
                public init(parameterNumber1: Swift.String) {}

                public init(
                    parameterNumber1: Swift.String,
                    parameterNumber2: Swift.String,
                    parameterNumber3: Swift.String,
                    parameterNumber4: Swift.String,
                    parameterNumber5: Swift.String,
                    parameterNumber6: Swift.String,
                    parameterNumber7: Swift.String,
                    parameterNumber8: Swift.String
                ) {
                    x()
                }
            }

            """)
    }

    @Test func callsClosuresAndStatementsWrapOnlyWhenTheyDoNotFit() {
        let longArguments = (1...6).map { SwiftArgument("argument\($0)", .string("value number \($0)")) }
        let function = SwiftFunction(
            access: .internal, isStatic: true, name: "f", parameters: [SwiftParameter(name: "x", type: "Swift.Int")],
            isThrowing: true, result: "Swift.Int",
            body: [
                .declare(name: "short", type: nil, mutable: false, .call("g", [SwiftArgument("a", .raw("1"))])),
                .expression(.call("h", longArguments)),
                .ifLet("value", .method(.raw("short"), "map", [SwiftArgument("", .closure(SwiftClosure([.expression(.raw("$0 + 1"))])))]),
                       [.expression(.call("use", [SwiftArgument("", .raw("value"))]))]),
                .switch(.raw("x"), [
                    SwiftSwitchCase("case 1", [.return(.raw("1"))]),
                    SwiftSwitchCase("default", [.expression(.call("log", [])), .return(.raw("0"))]),
                ]),
            ])
        let file = SwiftFile(header: [], declarations: [.function(function)])
        #expect(SwiftRenderer.render(file) == """

            static func f(x: Swift.Int) throws -> Swift.Int {
                let short = g(a: 1)
                h(
                    argument1: "value number 1",
                    argument2: "value number 2",
                    argument3: "value number 3",
                    argument4: "value number 4",
                    argument5: "value number 5",
                    argument6: "value number 6"
                )
                if let value = short.map({ $0 + 1 }) { use(value) }
                switch x {
                case 1: return 1
                default:
                    log()
                    return 0
                }
            }

            """)
    }

    @Test func multiLineStringsKeepTheirLinesUnlessTheyNeedEscapes() {
        let body: [SwiftStatement] = [
            .declare(name: "a", type: nil, mutable: false, .multilineString("SELECT 1\nFROM t")),
            .declare(name: "b", type: nil, mutable: false, .multilineString("E'\\n'\nx")),
        ]
        let file = SwiftFile(header: [], declarations: [.function(SwiftFunction(access: .internal, name: "f", body: body))])
        #expect(SwiftRenderer.render(file) == #"""

            func f() {
                let a = """
                    SELECT 1
                    FROM t
                    """
                let b = "E'\\n'\nx"
            }

            """#)
    }
}
