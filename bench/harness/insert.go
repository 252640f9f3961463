package harness

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
)

// readCSV calls fn with every record of a CSV file after its header; a
// record must have fields fields. fn must not keep rec.
func readCSV(path string, fields int, fn func(rec []string) error) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	r.FieldsPerRecord = fields
	if _, err := r.Read(); err != nil {
		return 0, fmt.Errorf("%s: header: %w", path, err)
	}
	var n int64
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("%s: %w", path, err)
		}
		if err := fn(rec); err != nil {
			return n, fmt.Errorf("%s line %d: %w", path, n+2, err)
		}
		n++
	}
}
