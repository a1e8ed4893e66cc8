/** Names and places for realistic demo customers. */
export const FEMALE_NAMES = [
  'Anna', 'Eva', 'Maria', 'Karin', 'Sara', 'Christina', 'Lena', 'Emma', 'Kerstin', 'Marie', 'Malin',
  'Ingrid', 'Linnéa', 'Sofia', 'Elin', 'Ida', 'Hanna', 'Johanna', 'Birgitta', 'Ulla', 'Margareta',
  'Elsa', 'Astrid', 'Maja', 'Ebba', 'Frida', 'Åsa', 'Agneta', 'Gunilla', 'Britt', 'Inger', 'Annika',
];
export const MALE_NAMES = [
  'Lars', 'Mikael', 'Anders', 'Johan', 'Erik', 'Per', 'Karl', 'Peter', 'Jan', 'Thomas', 'Daniel',
  'Fredrik', 'Hans', 'Bengt', 'Nils', 'Magnus', 'Mats', 'Stefan', 'Oskar', 'Gustav', 'Björn', 'Göran',
  'Sven', 'Åke', 'Olof', 'Axel', 'Viktor', 'Emil', 'Linus', 'Ali', 'Mohammed', 'Ahmed',
];
export const LAST_NAMES = [
  'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson',
  'Svensson', 'Gustafsson', 'Pettersson', 'Jonsson', 'Jansson', 'Hansson', 'Bengtsson', 'Jönsson',
  'Lindberg', 'Jakobsson', 'Magnusson', 'Olofsson', 'Lindström', 'Lindqvist', 'Lindgren', 'Berg',
  'Axelsson', 'Bergström', 'Lundberg', 'Lind', 'Lundgren', 'Lundqvist', 'Mattsson', 'Berglund',
  'Fredriksson', 'Sandberg', 'Henriksson', 'Forsberg', 'Sjöberg', 'Wallin', 'Engström', 'Eklund',
  'Danielsson', 'Lundin', 'Håkansson', 'Björk', 'Bergman', 'Gunnarsson', 'Holm', 'Wikström',
  'Samuelsson', 'Isaksson', 'Fransson', 'Nyström', 'Holmberg', 'Arvidsson', 'Löfgren', 'Söderberg',
  'Nyberg', 'Blomqvist', 'Claesson', 'Nordström', 'Mårtensson', 'Åberg', 'Öberg', 'Ekström', 'Hassan',
  'Ali', 'Mohammed', 'Nguyen', 'Kowalski', 'Virtanen',
];
export const STREETS = [
  'Storgatan', 'Drottninggatan', 'Kungsgatan', 'Järnvägsgatan', 'Skolgatan', 'Kyrkogatan', 'Parkvägen',
  'Björkvägen', 'Ekvägen', 'Tallvägen', 'Strandvägen', 'Linnégatan', 'Vasagatan', 'Södra vägen',
  'Norra Allén', 'Östra Hamngatan', 'Västra Ringvägen', 'Hagagatan', 'Åsgatan', 'Sjövägen',
];
export const CITIES: ReadonlyArray<{ city: string; postal: [number, number]; area: string }> = [
  { city: 'Stockholm', postal: [11120, 11860], area: '08' },
  { city: 'Göteborg', postal: [41101, 41760], area: '031' },
  { city: 'Malmö', postal: [21111, 21774], area: '040' },
  { city: 'Helsingborg', postal: [25221, 25669], area: '042' },
  { city: 'Uppsala', postal: [75220, 75757], area: '018' },
  { city: 'Lund', postal: [22220, 22736], area: '046' },
  { city: 'Västerås', postal: [72210, 72481], area: '021' },
  { city: 'Örebro', postal: [70210, 70376], area: '019' },
  { city: 'Linköping', postal: [58220, 58754], area: '013' },
  { city: 'Umeå', postal: [90325, 90749], area: '090' },
  { city: 'Jönköping', postal: [55311, 55628], area: '036' },
  { city: 'Kiruna', postal: [98131, 98146], area: '0980' },
];
export const EMAIL_DOMAINS = ['gmail.com', 'hotmail.com', 'outlook.com', 'telia.com', 'yahoo.se', 'bredband.net'];

export const NOTE_TEMPLATES = [
  'Kunden ringde om senaste fakturan, förklarade beloppet.',
  'Kunden undrade över larm i appen. Gick igenom Mina sidor tillsammans.',
  'Hjälpte kunden att aktivera autogiro.',
  'Kunden vill ha e-postfaktura framöver, ändrat betalsätt.',
  'Kunden frågade om årsfaktura, återkommer.',
  'Kunden har fått larm om kreditupplysning, hänvisade till spärrservice.',
  'Kunden meddelar ny adress efter flytt.',
  'Kunden frågade om stöldskyddsdekalerna, vill behålla dem.',
];

/** ASCII for e-mail addresses: å ä → a, ö → o, é → e. */
export function asciiFold(s: string): string {
  return s
    .toLowerCase()
    .replace(/[åä]/g, 'a')
    .replace(/ö/g, 'o')
    .replace(/é/g, 'e')
    .replace(/[^a-z0-9]/g, '');
}
