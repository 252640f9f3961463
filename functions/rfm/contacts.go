package rfm

import (
	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// scanContacts marks the rows of customers signed up on or before the
// as-of day as contacts. For each non-empty labels[k] naming a text column
// of customers (country, source, …), each contact's value is interned into
// the k-th returned dictionary and its index kept in Customer.Label[k].
func scanContacts(sn read.Table, b *builder, labels [2]string) ([2][]string, error) {
	var dicts [2][]string
	id, err := column(sn, "customers", "customer_id", read.KindInt)
	if err != nil {
		return dicts, err
	}
	signup, err := column(sn, "customers", "signup_at", read.KindInt)
	if err != nil {
		return dicts, err
	}
	cols := []int{id, signup}
	var at [2]int // position of labels[k] in cols; 0 for none
	for k, name := range labels {
		if name == "" {
			continue
		}
		l, err := column(sn, "customers", name, read.KindBytes)
		if err != nil {
			return dicts, err
		}
		at[k] = len(cols)
		cols = append(cols, l)
	}
	perDay := usPerDay / timeUnit(sn, "signup_at")
	seen := [2]map[string]int32{{}, {}}
	intern := func(k int, v []byte) int32 {
		x, ok := seen[k][string(v)]
		if !ok {
			x = int32(len(dicts[k]))
			dicts[k] = append(dicts[k], string(v))
			seen[k][string(v)] = x
		}
		return x
	}
	fresh := newFreshContacts(b)
	err = sn.Scan(read.Request{Columns: cols}, func(bt *read.Batch) error {
		ids, su := bt.Cols[0], bt.Cols[1]
		nulls := hasNulls(ids) || hasNulls(su)
		each(bt, func(i int) {
			if nulls && (ids.IsNull(i) || su.IsNull(i)) {
				return
			}
			day := dayOf(su.Ints[i] * perDay)
			if day > b.asOf {
				return
			}
			label := [2]int32{-1, -1}
			for k, pos := range at {
				if pos > 0 && !bt.Cols[pos].IsNull(i) {
					label[k] = intern(k, bt.Cols[pos].Bytes(i))
				}
			}
			fresh.add(ids.Ints[i], day, label)
		})
		return b.g.Err() // what b.customer charged
	})
	if err == nil {
		fresh.merge()
		err = b.g.Err()
	}
	return dicts, err
}

// contact is a customers row of no customer the builder has yet.
type contact struct {
	id, day int64
	label   [2]int32
}

// freshContacts marks contacts on a builder. Contacts without orders
// (leads: a third of S2's customers) are new entries; the customers
// table comes in customer order, so while they do too and the builder's
// customers are all sorted, they are kept aside and merged into the
// builder's customers at the end in one pass — appending each would grow
// the customers slice by doublings (copying it over and over), index
// each in the builder's map of unsorted entries and merge them again in
// builder.sorted.
type freshContacts struct {
	b    *builder
	ok   bool // the kept contacts ascend by id, none is in b
	kept []contact
}

func newFreshContacts(b *builder) *freshContacts {
	return &freshContacts{b: b, ok: b.sortedN == len(b.cs)}
}

// add marks customer id a contact signed up on day with labels label
// (-1: NULL).
func (f *freshContacts) add(id, day int64, label [2]int32) {
	b := f.b
	ci, found := b.find(id)
	if !found && f.ok && (len(f.kept) == 0 || id > f.kept[len(f.kept)-1].id) {
		old := cap(f.kept)
		f.kept = append(f.kept, contact{id: id, day: day, label: label})
		sqlfn.GrowSlice(b.g, f.kept, old) // an error stays in b.g
		return
	}
	if !found {
		f.spill()
		ci = b.customer(id) // may grow b.cs: index after the call
	}
	c := &b.cs[ci]
	c.Contact, c.Signup = true, day
	for k, l := range label {
		if l >= 0 {
			c.Label[k] = l
		}
	}
}

// spill adds the kept contacts to the builder one by one, as they came,
// once a contact does not ascend: what the builder then finds of them
// is what it would have found had they been added at once.
func (f *freshContacts) spill() {
	if !f.ok {
		return
	}
	f.ok = false
	for _, x := range f.kept {
		c := &f.b.cs[f.b.customer(x.id)]
		c.Contact, c.Signup, c.Label = true, x.day, x.label
	}
	f.kept = nil
}

// merge merges the kept contacts into the builder's customers, which
// stay sorted by ID.
func (f *freshContacts) merge() {
	b := f.b
	if !f.ok || len(f.kept) == 0 {
		return
	}
	out := make([]Customer, 0, len(b.cs)+len(f.kept))
	if err := b.g.Grow(int64(cap(out)) * customerSize); err != nil {
		return
	}
	i := 0
	for _, x := range f.kept {
		j := i
		for j < len(b.cs) && b.cs[j].ID < x.id {
			j++
		}
		out = append(out, b.cs[i:j]...)
		out = append(out, Customer{ID: x.id, Contact: true, Signup: x.day, Label: x.label})
		i = j
	}
	b.cs = append(out, b.cs[i:]...)
	b.sortedN, b.hint, b.lastCI = len(b.cs), 0, -1 // indexes moved
	f.kept = nil
}
