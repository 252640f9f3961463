package gen

// country is where a contact lives. Rate converts EUR list prices into the
// local currency the shop charges there.
type country struct {
	code     string
	weight   float64
	currency string
	rate     float64
	lang     string
	cities   []string
	domains  []string
}

var countries = []country{
	{"DE", 28, "EUR", 1, "de", []string{"Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Stuttgart", "Düsseldorf", "Leipzig"}, []string{"gmail.com", "web.de", "gmx.de", "t-online.de"}},
	{"FR", 12, "EUR", 1, "fr", []string{"Paris", "Lyon", "Marseille", "Toulouse", "Bordeaux", "Lille"}, []string{"gmail.com", "orange.fr", "free.fr", "laposte.net"}},
	{"GB", 11, "GBP", 0.85, "en", []string{"London", "Manchester", "Birmingham", "Leeds", "Glasgow", "Bristol"}, []string{"gmail.com", "outlook.com", "yahoo.co.uk", "hotmail.co.uk"}},
	{"NL", 7, "EUR", 1, "nl", []string{"Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven"}, []string{"gmail.com", "hotmail.nl", "ziggo.nl", "kpnmail.nl"}},
	{"PL", 6, "PLN", 4.3, "pl", []string{"Warszawa", "Kraków", "Wrocław", "Poznań", "Gdańsk"}, []string{"gmail.com", "wp.pl", "onet.pl", "interia.pl"}},
	{"IT", 6, "EUR", 1, "it", []string{"Milano", "Roma", "Torino", "Napoli", "Bologna"}, []string{"gmail.com", "libero.it", "hotmail.it", "virgilio.it"}},
	{"ES", 6, "EUR", 1, "es", []string{"Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao"}, []string{"gmail.com", "hotmail.es", "yahoo.es", "outlook.es"}},
	{"AT", 5, "EUR", 1, "de", []string{"Wien", "Graz", "Linz", "Salzburg", "Innsbruck"}, []string{"gmail.com", "gmx.at", "aon.at", "chello.at"}},
	{"CH", 4, "CHF", 0.94, "de", []string{"Zürich", "Genève", "Basel", "Bern", "Lausanne"}, []string{"gmail.com", "bluewin.ch", "gmx.ch", "hispeed.ch"}},
	{"SE", 3, "SEK", 11.4, "sv", []string{"Stockholm", "Göteborg", "Malmö", "Uppsala"}, []string{"gmail.com", "hotmail.se", "telia.com", "outlook.com"}},
	{"US", 3, "USD", 1.08, "en", []string{"New York", "Los Angeles", "Chicago", "Seattle", "Austin"}, []string{"gmail.com", "yahoo.com", "outlook.com", "icloud.com"}},
	{"BE", 3, "EUR", 1, "nl", []string{"Bruxelles", "Antwerpen", "Gent", "Liège"}, []string{"gmail.com", "skynet.be", "telenet.be", "hotmail.com"}},
	{"DK", 2, "DKK", 7.46, "sv", []string{"København", "Aarhus", "Odense"}, []string{"gmail.com", "hotmail.dk", "jubii.dk"}},
	{"IE", 1.5, "EUR", 1, "en", []string{"Dublin", "Cork", "Galway"}, []string{"gmail.com", "eircom.net", "hotmail.com"}},
	{"CZ", 1.5, "EUR", 1, "pl", []string{"Praha", "Brno", "Ostrava"}, []string{"gmail.com", "seznam.cz", "email.cz"}},
}

// names are the first and last names of one language group.
type names struct {
	female, male, last []string
}

var namesByLang = map[string]names{
	"de": {
		[]string{"Anna", "Lena", "Laura", "Julia", "Sarah", "Lisa", "Katharina", "Sophie", "Marie", "Hannah", "Jana", "Sabine"},
		[]string{"Lukas", "Jonas", "Felix", "Maximilian", "Paul", "Leon", "Tobias", "Stefan", "Michael", "Thomas", "Jan", "Florian"},
		[]string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder"},
	},
	"fr": {
		[]string{"Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Julie", "Claire", "Élodie", "Margaux", "Pauline"},
		[]string{"Lucas", "Hugo", "Louis", "Nathan", "Thomas", "Julien", "Nicolas", "Antoine", "Maxime", "Théo", "Mathieu", "Pierre"},
		[]string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Fournier"},
	},
	"en": {
		[]string{"Olivia", "Emily", "Sophie", "Jessica", "Charlotte", "Amelia", "Grace", "Hannah", "Chloe", "Lucy", "Ella", "Megan"},
		[]string{"Oliver", "Jack", "Harry", "George", "James", "Thomas", "Daniel", "William", "Samuel", "Joseph", "Liam", "Ryan"},
		[]string{"Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts", "Walker", "Wright", "O'Brien", "Murphy", "Clarke"},
	},
	"nl": {
		[]string{"Emma", "Julia", "Sanne", "Lotte", "Anouk", "Fleur", "Eva", "Lisa", "Femke", "Iris", "Noor", "Sophie"},
		[]string{"Daan", "Sem", "Lars", "Bram", "Thijs", "Ruben", "Jesse", "Stijn", "Niels", "Tim", "Joris", "Luuk"},
		[]string{"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters"},
	},
	"pl": {
		[]string{"Anna", "Katarzyna", "Magdalena", "Agnieszka", "Joanna", "Aleksandra", "Monika", "Natalia", "Zuzanna", "Karolina", "Ewa", "Marta"},
		[]string{"Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Łukasz", "Jakub", "Kamil", "Marcin", "Adam", "Mateusz", "Wojciech"},
		[]string{"Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk"},
	},
	"it": {
		[]string{"Giulia", "Francesca", "Chiara", "Sara", "Martina", "Alessia", "Valentina", "Elena", "Federica", "Sofia", "Giorgia", "Silvia"},
		[]string{"Marco", "Alessandro", "Andrea", "Luca", "Matteo", "Lorenzo", "Francesco", "Davide", "Simone", "Giuseppe", "Riccardo", "Stefano"},
		[]string{"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Costa", "Giordano"},
	},
	"es": {
		[]string{"Lucía", "María", "Paula", "Laura", "Marta", "Carmen", "Sofía", "Elena", "Ana", "Alba", "Claudia", "Irene"},
		[]string{"Hugo", "Pablo", "Daniel", "Alejandro", "Javier", "David", "Carlos", "Sergio", "Adrián", "Álvaro", "Diego", "Manuel"},
		[]string{"García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz"},
	},
	"sv": {
		[]string{"Alice", "Maja", "Elsa", "Ebba", "Wilma", "Astrid", "Freja", "Ida", "Sara", "Emma", "Linnea", "Karin"},
		[]string{"Erik", "Lars", "Oskar", "William", "Lucas", "Axel", "Anders", "Johan", "Nils", "Magnus", "Henrik", "Mikael"},
		[]string{"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Hansen", "Nielsen", "Lindberg", "Berg"},
	},
}

// sources are how contacts were acquired, with their weights and the share
// of each that stays a lead (never buys).
var sources = []struct {
	name    string
	weight  float64
	leads   float64
	medium  string // source_medium of orders this source brings in
	optInAt float64
}{
	{"organic", 30, 0.35, "google / organic", 0.55},
	{"newsletter", 14, 0.55, "newsletter / email", 0.97},
	{"facebook", 14, 0.40, "facebook / paid_social", 0.5},
	{"google_ads", 20, 0.30, "google / cpc", 0.5},
	{"referral", 8, 0.25, "referral / partner", 0.6},
	{"marketplace", 14, 0.20, "amazon / marketplace", 0.35},
}
