package gen

// topCategory is one branch of the three-level category tree: 8 top
// categories, 4 subcategories each, 4 leaves each (128 leaves).
type topCategory struct {
	name    string
	median  float64 // median list price in EUR
	returns float64 // share of valid lines that come back
	bulk    bool    // consumables bought in quantities
	brands  []string
	subs    []subCategory
}

type subCategory struct {
	name       string
	complement string // the subcategory bought alongside most often
	leaves     [4]string
}

var categoryTree = []topCategory{
	{"Fashion", 45, 0.16, false,
		[]string{"Nordvik", "Maison Lune", "Urban Fox", "Bellacosta", "Kjelde", "Redwood & Co"},
		[]subCategory{
			{"Women's Clothing", "Accessories", [4]string{"Dresses", "Tops", "Jeans", "Coats"}},
			{"Men's Clothing", "Shoes", [4]string{"Shirts", "Trousers", "Jackets", "Knitwear"}},
			{"Shoes", "Accessories", [4]string{"Sneakers", "Boots", "Sandals", "Loafers"}},
			{"Accessories", "Women's Clothing", [4]string{"Bags", "Belts", "Scarves", "Sunglasses"}},
		}},
	{"Home & Living", 35, 0.05, false,
		[]string{"Hygge Home", "Casa Verde", "Lindqvist", "Atelier Sol", "Oakhaven"},
		[]subCategory{
			{"Kitchen", "Coffee & Tea", [4]string{"Cookware", "Knives", "Coffee Makers", "Tableware"}},
			{"Furniture", "Decor", [4]string{"Chairs", "Tables", "Shelves", "Beds"}},
			{"Decor", "Bedding & Bath", [4]string{"Lamps", "Candles", "Frames", "Rugs"}},
			{"Bedding & Bath", "Decor", [4]string{"Bed Linen", "Towels", "Pillows", "Blankets"}},
		}},
	{"Electronics", 80, 0.06, false,
		[]string{"Voltra", "Sonique", "Pixelhaus", "Arcline", "Nimbus"},
		[]subCategory{
			{"Audio", "Phones & Accessories", [4]string{"Headphones", "Speakers", "Earbuds", "Turntables"}},
			{"Phones & Accessories", "Audio", [4]string{"Phone Cases", "Chargers", "Cables", "Screen Protectors"}},
			{"Computers", "Phones & Accessories", [4]string{"Laptops", "Keyboards", "Mice", "Monitors"}},
			{"Smart Home", "Computers", [4]string{"Smart Plugs", "Cameras", "Thermostats", "Smart Bulbs"}},
		}},
	{"Beauty", 18, 0.02, true,
		[]string{"Belle Botanique", "Purelle", "Nordic Glow", "Aqua Vera", "Rosé Atelier"},
		[]subCategory{
			{"Skincare", "Makeup", [4]string{"Cleansers", "Moisturisers", "Serums", "Sun Care"}},
			{"Makeup", "Skincare", [4]string{"Lipstick", "Mascara", "Foundation", "Eyeshadow"}},
			{"Hair Care", "Skincare", [4]string{"Shampoo", "Conditioner", "Styling", "Hair Tools"}},
			{"Fragrance", "Makeup", [4]string{"Eau de Parfum", "Eau de Toilette", "Body Mist", "Gift Sets"}},
		}},
	{"Sports & Outdoor", 40, 0.07, false,
		[]string{"Peakline", "Stride", "Fjellgear", "Momentum", "Alpenwerk"},
		[]subCategory{
			{"Fitness", "Sportswear", [4]string{"Yoga Mats", "Dumbbells", "Resistance Bands", "Fitness Trackers"}},
			{"Cycling", "Sportswear", [4]string{"Helmets", "Bike Lights", "Cycling Jerseys", "Bike Locks"}},
			{"Camping", "Snacks", [4]string{"Tents", "Sleeping Bags", "Hiking Backpacks", "Camping Stoves"}},
			{"Sportswear", "Shoes", [4]string{"Running Tops", "Leggings", "Sports Bras", "Training Shorts"}},
		}},
	{"Kids & Baby", 22, 0.04, false,
		[]string{"Little Otter", "Kinderleicht", "Bambino", "Sunny Days"},
		[]subCategory{
			{"Toys", "Kids' Clothing", [4]string{"Building Sets", "Puzzles", "Dolls", "Board Games"}},
			{"Baby Care", "Toys", [4]string{"Diapers", "Baby Bottles", "Baby Monitors", "Strollers"}},
			{"Kids' Clothing", "Toys", [4]string{"Bodysuits", "Kids' Jackets", "Kids' Shoes", "Pyjamas"}},
			{"School", "Stationery", [4]string{"School Bags", "Pencil Cases", "Exercise Books", "Lunch Boxes"}},
		}},
	{"Food & Drink", 9, 0.01, true,
		[]string{"Bottega Fina", "Kaffeehaus", "Terra Mia", "Green Leaf", "Old Harbour"},
		[]subCategory{
			{"Coffee & Tea", "Kitchen", [4]string{"Coffee Beans", "Coffee Capsules", "Loose Tea", "Tea Bags"}},
			{"Snacks", "Drinks", [4]string{"Chocolate", "Crisps", "Nuts", "Cookies"}},
			{"Pantry", "Kitchen", [4]string{"Pasta", "Olive Oil", "Spices", "Sauces"}},
			{"Drinks", "Snacks", [4]string{"Wine", "Juice", "Sparkling Water", "Craft Beer"}},
		}},
	{"Books & Media", 15, 0.03, false,
		[]string{"Inkwell Press", "Paperlane", "Soundstage", "Pixel Forge"},
		[]subCategory{
			{"Books", "Stationery", [4]string{"Fiction", "Cookbooks", "Children's Books", "Non-Fiction"}},
			{"Music", "Audio", [4]string{"Vinyl Records", "CDs", "Guitar Strings", "Sheet Music"}},
			{"Games", "Audio", [4]string{"Video Games", "Consoles", "Controllers", "Gaming Headsets"}},
			{"Stationery", "Books", [4]string{"Journals", "Pens", "Greeting Cards", "Calendars"}},
		}},
}

// productStyles qualify product names.
var productStyles = []string{
	"Classic", "Essential", "Premium", "Eco", "Pro", "Lite", "Signature",
	"Everyday", "Heritage", "Studio", "Compact", "Deluxe", "Urban", "Nordic",
}
