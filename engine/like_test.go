package engine

import "testing"

// TestLikeOnStoredStrings: string columns rebuilt from stored metadata keep
// a usable collation, so LIKE matches (it silently matched nothing when the
// collation came back unspecified).
func TestLikeOnStoredStrings(t *testing.T) {
	runScripts(t, []scriptTest{{
		name: "like",
		setup: []string{
			"CREATE TABLE l (id INT PRIMARY KEY, name VARCHAR(20), body TEXT)",
			"INSERT INTO l VALUES (1, 'abc', 'hello world'), (2, 'xyz', 'nothing')",
		},
		steps: []step{
			{q: "SELECT id FROM l WHERE name LIKE '%b%'", want: rows(r(1))},
			{q: "SELECT id FROM l WHERE body LIKE '%world%'", want: rows(r(1))},
			{q: "SELECT id FROM l WHERE name NOT LIKE 'a%'", want: rows(r(2))},
		},
	}})
}
