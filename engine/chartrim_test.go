package engine

import (
	"fmt"
	"testing"

	"github.com/cohortdb/cohortdb/storage"
)

// TestCharOldRowsWithSpaces: a CHAR value stored with its trailing
// spaces (written before they were dropped on write) is still found by
// UPDATE and DELETE, by primary key and by content.
func TestCharOldRowsWithSpaces(t *testing.T) {
	d := newTestDB(t)
	d.exec("CREATE TABLE ck (c CHAR(3) PRIMARY KEY, n INT)")
	d.exec("CREATE TABLE cn (c CHAR(3), n INT)")
	for _, name := range []string{"ck", "cn"} {
		st, err := d.store.Table("db", name)
		if err != nil {
			t.Fatal(err)
		}
		tx := d.store.Begin()
		if _, err := tx.Insert(st, storage.Row{"f ", int64(1)}); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"ck", "cn"} {
		if _, err := d.query("UPDATE " + name + " SET n = 2 WHERE n = 1"); err != nil {
			t.Errorf("UPDATE of %s's old row: %v", name, err)
		}
		if got := fmt.Sprint(d.exec("SELECT c, n FROM " + name)); got != "[[f 2]]" {
			t.Errorf("%s after UPDATE: %s, want [[f 2]]", name, got)
		}
	}
	if _, err := d.query("DELETE FROM cn WHERE n = 2"); err != nil {
		t.Errorf("DELETE of an old row: %v", err)
	}
	if got := fmt.Sprint(d.exec("SELECT c, n FROM cn")); got != "[]" {
		t.Errorf("cn after DELETE: %s, want []", got)
	}
}
