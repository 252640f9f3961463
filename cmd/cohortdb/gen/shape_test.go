package gen

import (
	"math"
	"slices"
	"sort"
	"testing"
	"time"
)

// shape holds the statistics the realism tests check, computed from the
// CSV files alone.
type shape struct {
	leadShare        float64 // contacts without orders
	oneTimeShare     float64 // buyers with exactly one order
	maxOrders        float64 // orders of the most frequent buyer
	linesPerContact  float64
	shortOrders      float64 // orders with 1 or 2 lines
	top1PctShare     float64 // lines of the top 1% of products
	peakRatio        float64 // Nov+Dec lines per month / all lines per month
	summerRatio      float64 // Jul+Aug lines / the two months either side (year two)
	validShare       float64 // lines with status valid
	eurShare         float64 // lines in EUR
	buyerOpenRate    float64 // opens per send, contacts with orders
	leadOpenRate     float64 // opens per send, contacts without orders
	freshOpenRate    float64 // buyers' open rate within 60 days after an order
	staleOpenRate    float64 // buyers' open rate more than a year after their last order
	relatedNext      float64 // next lines in the same or complement subcategory
	logValueSkew     float64 // skewness of log(EUR order value), ~0 for log-normal
	valueMeanOverMed float64 // mean / median EUR order value, > 1 for right skew
	eventsPerContact float64
}

func measure(t testing.TB, d *dataset) shape {
	var s shape
	cust, ords, prods := d.rows[CustomersFile], d.rows[OrdersFile], d.rows[ProductsFile]
	oc := func(c string) int { return colIndex(OrderColumns, c) }
	iOrder, iCust, iAt, iProd := oc("order_id"), oc("customer_id"), oc("ordered_at"), oc("product_id")

	ordersOf := map[string]map[string]bool{} // customer -> order ids
	lineCount := map[string]int{}            // order id -> lines
	value := map[string]int64{}              // EUR order id -> amount (valid or not)
	prodLines := map[string]int{}
	months := map[time.Month]int{}
	yearTwo := map[time.Month]int{} // July 2025 .. June 2026
	valid, eur := 0, 0
	for _, r := range ords {
		if ordersOf[r[iCust]] == nil {
			ordersOf[r[iCust]] = map[string]bool{}
		}
		ordersOf[r[iCust]][r[iOrder]] = true
		lineCount[r[iOrder]]++
		if r[oc("currency")] == "EUR" {
			value[r[iOrder]] += cents(t, r[oc("amount")])
		}
		prodLines[r[iProd]]++
		at, _ := time.Parse(time.DateTime, r[iAt])
		months[at.Month()]++
		if at.Year() == 2025 {
			yearTwo[at.Month()]++
		}
		if r[oc("status")] == "valid" {
			valid++
		}
		if r[oc("currency")] == "EUR" {
			eur++
		}
	}
	n, lines := float64(len(cust)), float64(len(ords))
	s.leadShare = 1 - float64(len(ordersOf))/n
	oneTime := 0
	for _, o := range ordersOf {
		if len(o) == 1 {
			oneTime++
		}
		s.maxOrders = math.Max(s.maxOrders, float64(len(o)))
	}
	s.oneTimeShare = float64(oneTime) / float64(len(ordersOf))
	s.linesPerContact = lines / n
	short := 0
	for _, c := range lineCount {
		if c <= 2 {
			short++
		}
	}
	s.shortOrders = float64(short) / float64(len(lineCount))
	s.validShare, s.eurShare = float64(valid)/lines, float64(eur)/lines

	s.top1PctShare = topShare(prodLines, len(prods)/100) / lines
	perMonth := lines / 24 // the window is two years
	s.peakRatio = float64(months[time.November]+months[time.December]) / 4 / perMonth
	// Against neighbours in the same year, so that the shop's growth
	// (and the ramp-up of the first months) cancels out.
	around := yearTwo[time.May] + yearTwo[time.June] + yearTwo[time.September] + yearTwo[time.October]
	s.summerRatio = float64(yearTwo[time.July]+yearTwo[time.August]) / (float64(around) / 2)

	s.relatedNext = relatedNext(d)
	s.logValueSkew, s.valueMeanOverMed = valueShape(value)
	s.buyerOpenRate, s.leadOpenRate, s.freshOpenRate, s.staleOpenRate = openRates(t, d, ordersOf)
	s.eventsPerContact = float64(len(d.rows[EventsFile])) / n
	return s
}

// topShare returns the lines of the k most sold products (at least one).
func topShare(linesOf map[string]int, k int) float64 {
	counts := make([]int, 0, len(linesOf))
	for _, c := range linesOf {
		counts = append(counts, c)
	}
	slices.Sort(counts)
	slices.Reverse(counts)
	top := 0
	for _, c := range counts[:min(len(counts), max(1, k))] {
		top += c
	}
	return float64(top)
}

// relatedNext is the share of second and later lines whose category_2 is
// the previous line's or its complement.
func relatedNext(d *dataset) float64 {
	sub := map[string]string{} // product id -> category_2
	for _, p := range d.rows[ProductsFile] {
		sub[p[0]] = p[colIndex(ProductColumns, "category_2")]
	}
	comp := map[string]string{}
	for _, top := range categoryTree {
		for _, s := range top.subs {
			comp[s.name] = s.complement
		}
	}
	iOrder, iProd := colIndex(OrderColumns, "order_id"), colIndex(OrderColumns, "product_id")
	related, total := 0, 0
	ords := d.rows[OrdersFile]
	for i := 1; i < len(ords); i++ {
		if ords[i][iOrder] != ords[i-1][iOrder] {
			continue
		}
		prev, cur := sub[ords[i-1][iProd]], sub[ords[i][iProd]]
		if cur == prev || cur == comp[prev] {
			related++
		}
		total++
	}
	return float64(related) / float64(total)
}

func valueShape(value map[string]int64) (skew, meanOverMedian float64) {
	var logs, vals []float64
	for _, v := range value {
		logs = append(logs, math.Log(float64(v)))
		vals = append(vals, float64(v))
	}
	mean := func(x []float64) float64 {
		s := 0.0
		for _, v := range x {
			s += v
		}
		return s / float64(len(x))
	}
	m := mean(logs)
	var m2, m3 float64
	for _, v := range logs {
		m2 += (v - m) * (v - m)
		m3 += (v - m) * (v - m) * (v - m)
	}
	m2, m3 = m2/float64(len(logs)), m3/float64(len(logs))
	sort.Float64s(vals)
	return m3 / math.Pow(m2, 1.5), mean(vals) / vals[len(vals)/2]
}

// openRates returns opens per send of buyers and leads, and of buyers'
// sends shortly after an order and long after their last one.
func openRates(t testing.TB, d *dataset, ordersOf map[string]map[string]bool) (buyer, lead, fresh, stale float64) {
	iCust, iAt := colIndex(OrderColumns, "customer_id"), colIndex(OrderColumns, "ordered_at")
	orderTimes := map[string][]time.Time{}
	for _, r := range d.rows[OrdersFile] {
		at, _ := time.Parse(time.DateTime, r[iAt])
		orderTimes[r[iCust]] = append(orderTimes[r[iCust]], at)
	}
	var sends, opens [4]float64 // buyer, lead, fresh, stale
	for _, e := range d.rows[EventsFile] {
		typ := e[colIndex(EventColumns, "type")]
		if typ != "email_sent" && typ != "email_open" {
			continue
		}
		at, _ := time.Parse(time.DateTime, e[1])
		groups := []int{1}
		if ordersOf[e[0]] != nil {
			groups = []int{0}
			ts := orderTimes[e[0]]
			i := sort.Search(len(ts), func(i int) bool { return ts[i].After(at) })
			switch {
			case i > 0 && at.Sub(ts[i-1]) < 60*24*time.Hour:
				groups = append(groups, 2)
			case i == len(ts) && at.Sub(ts[i-1]) > 365*24*time.Hour:
				groups = append(groups, 3)
			}
		}
		for _, g := range groups {
			if typ == "email_sent" {
				sends[g]++
			} else {
				opens[g]++
			}
		}
	}
	return opens[0] / sends[0], opens[1] / sends[1], opens[2] / sends[2], opens[3] / sends[3]
}

func TestShape(t *testing.T) {
	d := generate(t, Config{Customers: 20000, Seed: 1})
	s := measure(t, d)
	t.Logf("%+v", s)
	for _, c := range []struct {
		name   string
		got    float64
		lo, hi float64
	}{
		{"share of leads", s.leadShare, 0.30, 0.40},
		{"share of one-time buyers", s.oneTimeShare, 0.48, 0.62},
		{"orders of the most frequent buyer", s.maxOrders, 36, 250},
		{"lines per contact", s.linesPerContact, 7, 13},
		{"orders with 1-2 lines", s.shortOrders, 0.7, 0.9},
		{"lines of the top 1% of products", s.top1PctShare, 0.15, 0.7},
		{"Nov+Dec lines per month / mean", s.peakRatio, 1.15, 2},
		{"Jul+Aug lines / May+Jun+Sep+Oct per two months", s.summerRatio, 0.5, 0.95},
		{"valid lines", s.validShare, 0.85, 0.95},
		{"EUR lines", s.eurShare, 0.6, 0.9},
		{"buyers' open rate / leads'", s.buyerOpenRate / s.leadOpenRate, 1.5, 10},
		{"stale buyers' open rate / fresh", s.staleOpenRate / s.freshOpenRate, 0, 0.7},
		{"next lines in a related subcategory", s.relatedNext, 0.5, 1},
		{"skewness of log(EUR order value)", s.logValueSkew, -0.75, 0.75},
		{"mean / median EUR order value", s.valueMeanOverMed, 1.1, 3},
		{"events per contact", s.eventsPerContact, 10, 40},
	} {
		if c.got < c.lo || c.got > c.hi {
			t.Errorf("%s = %.3f, want in [%.3f, %.3f]", c.name, c.got, c.lo, c.hi)
		}
	}
}
