/** The ten municipalities of Päijät-Häme with their populations on 31 Dec 2024 (from shared/data/municipalities.csv). */
export const DEMO_MUNICIPALITIES = [
  { code: '016', fi: 'Asikkala', sv: 'Asikkala', population: 7889 },
  { code: '081', fi: 'Hartola', sv: 'Gustav Adolfs', population: 2482 },
  { code: '098', fi: 'Hollola', sv: 'Hollola', population: 22849 },
  { code: '111', fi: 'Heinola', sv: 'Heinola', population: 17829 },
  { code: '142', fi: 'Iitti', sv: 'Itis', population: 6401 },
  { code: '316', fi: 'Kärkölä', sv: 'Kärkölä', population: 4093 },
  { code: '398', fi: 'Lahti', sv: 'Lahtis', population: 121337 },
  { code: '560', fi: 'Orimattila', sv: 'Orimattila', population: 15651 },
  { code: '576', fi: 'Padasjoki', sv: 'Padasjoki', population: 2676 },
  { code: '781', fi: 'Sysmä', sv: 'Sysmä', population: 3428 },
] as const;

export type DemoMunicipality = (typeof DEMO_MUNICIPALITIES)[number];
