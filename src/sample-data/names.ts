/** Word lists for made-up supplier names: Dutch and British trades and family names, nothing real. */

export const NL_TRADES = [
  'Bakkerij',
  'Schoonmaakbedrijf',
  'Drukkerij',
  'Installatiebedrijf',
  'Hoveniersbedrijf',
  'Transportbedrijf',
  'Adviesbureau',
  'Catering',
  'Schildersbedrijf',
  'Timmerbedrijf',
  'Vertaalbureau',
  'Koeriersdienst',
  'Elektrotechniek',
  'Dakdekkersbedrijf',
  'Bloemenhandel',
  'IT-diensten',
  'Beveiliging',
  'Glazenwasserij',
  'Grafisch ontwerp',
  'Loodgietersbedrijf',
] as const;

export const NL_NAMES = [
  'Jansen',
  'de Vries',
  'van den Berg',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'de Groot',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
  'van Leeuwen',
  'Dekker',
  'Brouwer',
  'de Wit',
  'Dijkstra',
  'Smits',
  'de Graaf',
  'van der Meer',
  'Kok',
  'Jacobs',
  'de Haan',
  'Vermeulen',
  'van Dijk',
  'Schouten',
  'Willems',
  'Hoekstra',
] as const;

export const GB_TRADES = [
  'Bakery',
  'Cleaning Services',
  'Print',
  'Engineering',
  'Landscaping',
  'Logistics',
  'Consulting',
  'Catering',
  'Decorators',
  'Joinery',
  'Translations',
  'Couriers',
  'Electrical',
  'Roofing',
  'Software',
  'Security',
  'Design Studio',
  'Plumbing',
] as const;

export const GB_NAMES = [
  'Hughes',
  'Patel',
  'Clarke',
  'Walsh',
  'Morgan',
  'Griffiths',
  'Turner',
  'Ahmed',
  'Fletcher',
  'Barker',
  'Doyle',
  'Ellis',
  'Holloway',
  'Kaur',
  'Marsh',
  'Pritchard',
  'Quinn',
  'Rowe',
  'Shaw',
  'Webb',
] as const;

export const DISPUTE_REASONS = {
  NL: ['Aantal uren wijkt af van de opdracht', 'Levering onvolledig', 'Prijs niet volgens offerte', 'Dubbel gefactureerd'],
  GB: ['Hours differ from the order', 'Delivery incomplete', 'Price not as quoted', 'Invoiced twice'],
} as const;

export const MESSAGES = {
  NL: {
    question: (n: string) =>
      `Goedendag, factuur ${n} staat nog open terwijl de betaaltermijn voorbij is. Kunt u laten weten wanneer wij de betaling kunnen verwachten? Wij moeten aan het eind van de maand de lonen betalen.`,
    missing:
      'Wij hebben vorige maand een factuur gestuurd voor de extra werkzaamheden, maar die staat niet in het overzicht. Is hij aangekomen?',
  },
  GB: {
    question: (n: string) =>
      `Hello, invoice ${n} is past its due date and still unpaid. Could you tell us when to expect payment? We are a small firm and it makes a real difference to our cash flow.`,
    missing: 'We sent an invoice last month for the additional work, but it is not on this page. Has it arrived?',
  },
} as const;
