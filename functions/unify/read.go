package unify

import (
	"fmt"
	"strings"

	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// µs per day: DATETIME columns hold µs since the epoch, DATE columns days.
const usPerDay = 86_400_000_000

// textFields are the customers columns read into a Record's text fields;
// a column the table lacks (an older schema without phone) reads as "".
var textFields = []struct {
	name string
	get  func(*Record) *string
}{
	{"email", func(r *Record) *string { return &r.Email }},
	{"phone", func(r *Record) *string { return &r.Phone }},
	{"first_name", func(r *Record) *string { return &r.First }},
	{"last_name", func(r *Record) *string { return &r.Last }},
	{"postal_code", func(r *Record) *string { return &r.Postcode }},
	{"country", func(r *Record) *string { return &r.Country }},
	{"city", func(r *Record) *string { return &r.City }},
	{"source", func(r *Record) *string { return &r.Source }},
	{"gender", func(r *Record) *string { return &r.Gender }},
}

// readCustomers reads the customers of a stored snapshot as Records, with
// the columns that the exact rules compare in Record.Extra.
func readCustomers(sn read.Table, extra []string) ([]Record, error) {
	id, err := sqlfn.Column(sn, "customers", "customer_id", read.KindInt)
	if err != nil {
		return nil, err
	}
	cols := []int{id}
	var setters []func(r *Record, v []byte)
	for _, f := range textFields {
		if c := sqlfn.OptionalColumn(sn, f.name, read.KindBytes); c >= 0 {
			get := f.get
			cols = append(cols, c)
			setters = append(setters, func(r *Record, v []byte) { *get(r) = string(v) })
		}
	}
	for _, name := range extra {
		c, err := sqlfn.Column(sn, "customers", name, read.KindBytes)
		if err != nil {
			return nil, fmt.Errorf("exact rule on %s: %w (exact rules compare text columns)", name, err)
		}
		key := strings.ToLower(name)
		cols = append(cols, c)
		setters = append(setters, func(r *Record, v []byte) {
			if r.Extra == nil {
				r.Extra = map[string]string{}
			}
			r.Extra[key] = string(v)
		})
	}
	nText := len(cols)
	times := []string{"signup_at", "updated_at", "birth_date"}
	scale := make([]int64, len(times))
	for k, name := range times {
		c := sqlfn.OptionalColumn(sn, name, read.KindInt)
		if c < 0 {
			scale[k] = 0
		} else if scale[k] = 1; sqlfn.IsDate(sn, name) {
			scale[k] = usPerDay
		}
		cols = append(cols, c)
	}
	req := read.Request{Columns: nonNegative(cols)}
	var out []Record
	err = sn.Scan(req, func(b *read.Batch) error {
		b.Each(func(i int) {
			if b.Cols[0].IsNull(i) {
				return
			}
			r := Record{ID: b.Cols[0].Ints[i]}
			for k, set := range setters {
				if v := b.Cols[1+k]; !v.IsNull(i) {
					set(&r, v.Bytes(i))
				}
			}
			at := nText
			for k := range times {
				if cols[nText+k] < 0 {
					continue
				}
				v := b.Cols[at]
				at++
				if v.IsNull(i) {
					continue
				}
				switch k {
				case 0:
					r.Signup = v.Ints[i] * scale[k]
				case 1:
					r.Updated = v.Ints[i] * scale[k]
				case 2:
					r.HasBirth = true
				}
			}
			out = append(out, r)
		})
		return nil
	})
	return out, err
}

// nonNegative drops the -1 placeholders of absent columns.
func nonNegative(cols []int) []int {
	out := cols[:0:0]
	for _, c := range cols {
		if c >= 0 {
			out = append(out, c)
		}
	}
	return out
}
