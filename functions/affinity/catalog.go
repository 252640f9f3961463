package affinity

import (
	"strconv"

	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// catalog maps product ids to dense product indexes and each product to
// its item at every category level. Invariants: ids[idx[id]] == id; for
// each category level k (0..2), cats[k][p] is an index into names[k], or
// -1 when the product has no category at that level (NULL, or a product
// that appears in orders but not in products).
type catalog struct {
	ids   []int64
	idx   map[int64]int32
	dense []int32 // index+1 of small non-negative ids: a lookup per order line without hashing
	cats  [3][]int32
	names [3][]string
	dict  [3]map[string]int32

	nameBytes int64 // of the names (each held by names and dict)
	charged   int64 // footprint last charged (charge)
}

func newCatalog() *catalog {
	c := &catalog{idx: map[int64]int32{}}
	for k := range c.dict {
		c.dict[k] = map[string]int32{}
	}
	return c
}

// maxDenseProductID bounds the ids kept in catalog.dense (16 MiB).
const maxDenseProductID = 1 << 22

// product returns the index of product id, adding it (without
// categories) when unknown.
func (c *catalog) product(id int64) int32 {
	small := id >= 0 && id < maxDenseProductID
	if small && id < int64(len(c.dense)) && c.dense[id] != 0 {
		return c.dense[id] - 1
	}
	if !small {
		if p, ok := c.idx[id]; ok {
			return p
		}
	}
	p := int32(len(c.ids))
	if small {
		if id >= int64(len(c.dense)) {
			c.dense = append(c.dense, make([]int32, id+1-int64(len(c.dense)))...)
		}
		c.dense[id] = p + 1
	} else {
		c.idx[id] = p
	}
	c.ids = append(c.ids, id)
	for k := range c.cats {
		c.cats[k] = append(c.cats[k], -1)
	}
	return p
}

// intern returns the item index of category name at level k (0..2).
func (c *catalog) intern(k int, name []byte) int32 {
	if i, ok := c.dict[k][string(name)]; ok {
		return i
	}
	i := int32(len(c.names[k]))
	s := string(name)
	c.dict[k][s] = i
	c.names[k] = append(c.names[k], s)
	c.nameBytes += int64(len(s))
	return i
}

// footprint is the bytes the catalog holds: its columns' capacities, the
// id map, and each category name with its dictionary entry.
func (c *catalog) footprint() int64 {
	b := int64(cap(c.ids))*8 + int64(len(c.idx))*(8+4+sqlfn.MapEntryOverhead) + int64(cap(c.dense))*4 + c.nameBytes
	for k := range c.cats {
		b += int64(cap(c.cats[k]))*4 + int64(cap(c.names[k]))*16 + int64(len(c.dict[k]))*(16+4+sqlfn.MapEntryOverhead)
	}
	return b
}

// charge charges g what the catalog grew by since the last charge: a
// products table of millions of rows, or product ids up to 4M read
// into dense, is kept for the statement like the history.
func (c *catalog) charge(g *sqlfn.Guard) error {
	if f := c.footprint(); f > c.charged {
		if err := g.Grow(f - c.charged); err != nil {
			return err
		}
		c.charged = f
	}
	return nil
}

// scanProducts reads product_id and category_1..3 of every product,
// charging g as the catalog grows.
func (c *catalog) scanProducts(g *sqlfn.Guard, sn read.Table) error {
	cols := make([]int, 4)
	var err error
	if cols[0], err = column(sn, "products", "product_id", read.KindInt); err != nil {
		return err
	}
	for k := 1; k <= 3; k++ {
		if cols[k], err = column(sn, "products", "category_"+strconv.Itoa(k), read.KindBytes); err != nil {
			return err
		}
	}
	return sn.Scan(read.Request{Columns: cols}, func(b *read.Batch) error {
		id := b.Cols[0]
		each(b, func(i int) {
			if id.IsNull(i) {
				return
			}
			p := c.product(id.Ints[i])
			for k := 0; k < 3; k++ {
				if v := b.Cols[k+1]; !v.IsNull(i) {
					c.cats[k][p] = c.intern(k, v.Bytes(i))
				}
			}
		})
		return c.charge(g)
	})
}

// items returns, for level l, each product's item (-1: none) and the
// items' names. At the product level items are product indexes, named by
// their product id.
func (c *catalog) items(l Level) ([]int32, []string) {
	if l != LevelProduct {
		return c.cats[l-1], c.names[l-1]
	}
	of := make([]int32, len(c.ids))
	names := make([]string, len(c.ids))
	for p, id := range c.ids {
		of[p] = int32(p)
		names[p] = strconv.FormatInt(id, 10)
	}
	return of, names
}
