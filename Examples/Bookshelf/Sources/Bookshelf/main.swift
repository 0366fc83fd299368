import Foundation

// Everything used here (Book, Loan, Genre, TuskColumnDescription) was generated from
// schema.yaml by the TuskGenerator plugin during this build.

let newBook = Book.Insert(isbn: "9780141439518", title: "Pride and Prejudice", pages: 432)
print("New \(Book.tableName) row: \(newBook.title) (ISBN \(newBook.isbn)), genre \(newBook.genre.map(\.rawValue) ?? "left to the database default")")

let shelf: [Book.Row] = [
    Book.Row(id: 1, isbn: "9780141439518", title: "Pride and Prejudice", genre: .fiction, pages: 432,
             price: Decimal(string: "9.99"), addedAt: Date(timeIntervalSince1970: 0)),
    Book.Row(id: 2, isbn: "9780553380163", title: "A Brief History of Time", genre: .science, pages: nil,
             price: nil, addedAt: Date(timeIntervalSince1970: 0)),
]
for genre in Genre.allCases {
    let titles = shelf.filter { $0.genre == genre }.map(\.title)
    print("\(genre.rawValue): \(titles.isEmpty ? "-" : titles.joined(separator: ", "))")
}

let loan = Loan.Insert(bookId: shelf[1].id, borrower: "Ann", dueOn: Date(timeIntervalSince1970: 86_400 * 14))
print("Loan of book \(loan.bookId) to \(loan.borrower); id \(loan.id == nil ? "from gen_random_uuid()" : "given")")

print("Columns of \(Loan.tableName):")
for column in Loan.allColumns {
    print("  \(column.name) \(column.sqlType)\(column.isNullable ? "" : " NOT NULL")")
}
