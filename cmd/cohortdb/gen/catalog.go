package gen

import (
	"math"
	"strconv"
)

const (
	zipfExponent = 1.0  // product popularity ~ 1/rank^s
	leafExponent = 0.6  // category sizes ~ 1/rank^s
	subCount     = 32   // second-level categories (8 tops x 4)
	newProducts  = 0.3  // share of products launched inside the window
	bestsellers  = 0.05 // share of top-ranked products that predate the window
)

// product is one row of products.csv. Prices are EUR cents.
type product struct {
	name    string
	brand   string
	top     int // index into categoryTree
	sub     int // global subcategory index, top*4 + i
	leaf    int // index of the leaf inside its subcategory
	price   int64
	created int64 // window time; negative before the window
}

// catalog holds the products and the popularity samplers over them.
// Invariants: products[i] has product_id i+1; byRank[0] is the most popular
// product and was created before the window, so it is always orderable.
type catalog struct {
	products   []product
	byRank     []int32      // popularity rank -> product index
	global     cumulative   // Zipf weights by rank
	subProds   [][]int32    // per subcategory: product indexes by rank
	subCum     []cumulative // per subcategory: Zipf weights of subProds
	complement []int        // per subcategory: the complement subcategory
}

func newCatalog(n int, seed uint64, cal *calendar) *catalog {
	r := newRNG()
	r.reseed(seed, streamCatalog, 0)
	c := &catalog{
		products:   make([]product, n),
		byRank:     make([]int32, n),
		subProds:   make([][]int32, subCount),
		subCum:     make([]cumulative, subCount),
		complement: complements(),
	}
	leaves := leafPopularity(r)
	for i, p := range r.Perm(n) {
		c.byRank[i] = int32(p)
	}
	weights := make([]float64, n)
	for rank, idx := range c.byRank {
		weights[rank] = 1 / math.Pow(float64(rank+1), zipfExponent)
		c.products[idx] = makeProduct(r, leaves.pick(r), rank, n, cal)
		sub := c.products[idx].sub
		c.subProds[sub] = append(c.subProds[sub], idx)
	}
	c.global = makeCumulative(weights)
	for sub, prods := range c.subProds {
		w := make([]float64, len(prods))
		for i := range prods {
			w[i] = 1 / math.Pow(float64(i+1), zipfExponent)
		}
		if len(w) > 0 {
			c.subCum[sub] = makeCumulative(w)
		}
	}
	return c
}

// leafPopularity gives the 128 leaves Zipf-like shares in a seeded order,
// so some categories are big and many are niche.
func leafPopularity(r *rng) cumulative {
	n := subCount * 4
	w := make([]float64, n)
	for rank, leaf := range r.Perm(n) {
		w[leaf] = 1 / math.Pow(float64(rank+1), leafExponent)
	}
	return makeCumulative(w)
}

func complements() []int {
	index := map[string]int{}
	for t, top := range categoryTree {
		for s, sub := range top.subs {
			index[sub.name] = t*4 + s
		}
	}
	out := make([]int, subCount)
	for t, top := range categoryTree {
		for s, sub := range top.subs {
			out[t*4+s] = index[sub.complement]
		}
	}
	return out
}

// makeProduct builds the product of the given popularity rank in the given
// global leaf (top*16 + sub*4 + leaf).
func makeProduct(r *rng, gleaf, rank, n int, cal *calendar) product {
	top := &categoryTree[gleaf/16]
	p := product{top: gleaf / 16, sub: gleaf / 4, leaf: gleaf % 4}
	p.brand = top.brands[r.IntN(len(top.brands))]
	leafName := top.subs[p.sub%4].leaves[p.leaf]
	p.name = p.brand + " " + productStyles[r.IntN(len(productStyles))] + " " + leafName + variant(r, p.top)
	// Log-normal list prices around the top category's median, shifted per
	// leaf so that laptops cost more than cables, ending in .99.
	leafShift := math.Exp(0.5 * math.Sin(float64(gleaf)*2.39996))
	eur := r.logNormal(top.median*leafShift, 0.55)
	p.price = int64(math.Max(1, math.Floor(eur)))*100 - 1
	switch {
	case rank < max(1, int(bestsellers*float64(n))) || !r.bernoulli(newProducts):
		// Established products: up to three years before the window.
		p.created = -r.Int64N(3*365*daySec) - 1
	default:
		p.created = r.Int64N(cal.end())
	}
	return p
}

var (
	colors = []string{"black", "white", "navy", "grey", "olive", "sand", "red", "blue"}
	sizes  = []int{100, 150, 250, 500, 750, 1000}
)

// variant is the suffix that tells variants of a model apart.
func variant(r *rng, top int) string {
	switch categoryTree[top].name {
	case "Food & Drink":
		return ", " + strconv.Itoa(sizes[r.IntN(len(sizes))]) + " g"
	case "Beauty":
		return ", " + strconv.Itoa(sizes[r.IntN(3)]/2) + " ml"
	case "Books & Media":
		return ""
	}
	return ", " + colors[r.IntN(len(colors))]
}

// pick draws a product of subcategory sub (any when sub < 0) by popularity
// among those already launched at window time at.
func (c *catalog) pick(r *rng, sub int, at int64) int32 {
	for range 4 {
		var idx int32
		if sub < 0 || len(c.subProds[sub]) == 0 {
			idx = c.byRank[c.global.pick(r)]
		} else {
			idx = c.subProds[sub][c.subCum[sub].pick(r)]
		}
		if c.products[idx].created <= at {
			return idx
		}
	}
	return c.byRank[0]
}
