package gen

// Flaws a real shop's data has and a demo should show (Config.Flaws): the
// data-quality checks and the docs' data_quality() example have something
// to find. They are placed by id, not drawn, so the random streams — and
// every other value — are the same with and without them.
const (
	// flawNoEmail: every this-many-th contact has no e-mail address.
	flawNoEmail = 997
	// flawUnknownProduct: every this-many-th order is of a product no
	// longer in the catalogue (id Products + 1).
	flawUnknownProduct = 1009
)

// contactEmail is the e-mail address written for the current contact.
// (Duplicate contacts are planted by identity.go, Config.DuplicateShare.)
func (g *generator) contactEmail() string {
	if g.cfg.Flaws && g.c.id%flawNoEmail == 0 {
		return ""
	}
	return g.c.email
}

// lineProduct is the product id written for a line of the current order
// (g.orderID) whose catalogue product is id.
func (g *generator) lineProduct(id int64) int64 {
	if g.cfg.Flaws && g.orderID%flawUnknownProduct == 0 {
		return int64(g.cfg.Products) + 1
	}
	return id
}
