import type { ResponseIssue } from '@gs/schema';

export const UI_LANGS = ['fi', 'sv', 'en'] as const;
export type UiLang = (typeof UI_LANGS)[number];

/** Each language named in itself, for the language switch. */
export const LANGUAGE_NAMES: Record<string, string> = {
  fi: 'Suomi',
  sv: 'Svenska',
  en: 'English',
  uk: 'Українська',
  ru: 'Русский',
  ar: 'العربية',
  so: 'Soomaali',
  et: 'Eesti',
};

const fi = {
  brand: 'Huoltajakysely',
  skip: 'Siirry sisältöön',
  language: 'Kieli',
  chooseLanguage: 'Valitse kieli',
  stepOf: (n: number, total: number) => `Vaihe ${n}/${total}`,
  introHeading: 'Tervetuloa vastaamaan',
  minutes: (n: number) => `Vastaamiseen kuluu noin ${n} minuuttia.`,
  voluntary: 'Vastaaminen on vapaaehtoista ja nimetöntä. Voit keskeyttää ja jatkaa myöhemmin.',
  oneChild:
    'Vastaa yhden lapsen osalta. Jos sinulla on useampi lapsi, voit vastata kyselyyn uudelleen kunkin lapsen osalta.',
  privacyLink: 'Tietosuoja: mitä vastauksestasi tallennetaan',
  start: 'Aloita',
  continueDraft: 'Jatka siitä, mihin jäit',
  startOver: 'Aloita alusta',
  draftFound: 'Sinulla on keskeneräinen vastaus tässä selaimessa.',
  background: 'Taustatiedot',
  municipality: 'Kunta',
  chooseOption: '– Valitse –',
  unitBasic: 'Lapsesi koulu tai esiopetuspaikka',
  unitEcec: 'Lapsesi päiväkoti tai esiopetuspaikka',
  unitNone: 'Ei listalla / en halua kertoa',
  refreshUnits: 'Näytä valitun kunnan yksiköt',
  fixedByCode: 'Koodisi määrää tämän tiedon.',
  scale: [
    'Täysin eri mieltä',
    'Jokseenkin eri mieltä',
    'Ei samaa eikä eri mieltä',
    'Jokseenkin samaa mieltä',
    'Täysin samaa mieltä',
  ],
  cantSay: 'En osaa sanoa',
  optional: 'Vapaaehtoinen',
  maxChars: (n: number) => `Enintään ${n} merkkiä.`,
  counter: (n: number, max: number) => `${n}/${max} merkkiä`,
  next: 'Seuraava',
  back: 'Edellinen',
  toReview: 'Tallenna ja palaa yhteenvetoon',
  reviewHeading: 'Tarkista vastauksesi',
  reviewIntro: 'Voit vielä muuttaa mitä tahansa vastausta. Vastauksia ei voi muuttaa lähettämisen jälkeen.',
  change: 'Muuta',
  changeSection: (s: string) => `Muuta: ${s}`,
  notAnswered: 'Ei vastausta',
  submit: 'Lähetä vastaukset',
  thanksHeading: 'Kiitos vastauksestasi!',
  thanksText: 'Vastauksesi on tallennettu. Voit nyt sulkea sivun.',
  another: 'Vastaa toisen lapsen osalta',
  anotherNote: 'Kuntaa ja kieltä ei kysytä uudelleen.',
  anotherCode: 'Jokaiselle lapselle tarvitaan oma koodi. Vastaa toisen lapsen osalta sen koodilla.',
  enterCode: 'Syötä toinen koodi',
  resumeButton: 'Jatka myöhemmin tai toisella laitteella',
  resumeHeading: 'Jatka myöhemmin',
  resumeText:
    'Vastauksesi on tallennettu tähän asti. Jatka toisella laitteella avaamalla tämä linkki tai kirjoittamalla jatkamiskoodi jatkamissivulle. Pidä koodi itselläsi: sillä pääsee vastauksiisi, kunnes lähetät ne. Koodi toimii kerran; jatkaessasi saat tarvittaessa uuden.',
  resumeLink: 'Jatkamislinkki',
  resumeCodeLabel: 'Jatkamiskoodi',
  resumePageHeading: 'Jatka vastaamista',
  resumePageText: 'Kirjoita jatkamiskoodi, jonka sait keskeyttäessäsi vastaamisen.',
  continue: 'Jatka',
  resumeNotFound:
    'Koodilla ei löytynyt keskeneräisiä vastauksia. Tarkista koodi. Lähetetyt vastaukset eivät ole enää jatkettavissa.',
  codeHeading: 'Vastaa kertakäyttöisellä koodilla',
  codeText: 'Kirjoita koodi, jonka sait koulusta, päiväkodista tai kunnalta.',
  codeLabel: 'Koodi',
  codeHint: 'Esimerkiksi K7XM-4QPD. Isoilla ja pienillä kirjaimilla ei ole väliä.',
  codeUnknown: 'Koodia ei tunnistettu. Tarkista koodi.',
  codeUsed: 'Tällä koodilla on jo vastattu. Kullakin koodilla voi vastata kerran.',
  codeRequired: 'Kirjoita koodi.',
  errorSummary: 'Tarkista seuraavat kohdat',
  errorPrefix: 'Virhe:',
  notOpenHeading: 'Kysely ei ole avoinna',
  notOpenText: (opens: string, closes: string) => `Kysely on avoinna ${opens}–${closes}.`,
  notFoundHeading: 'Sivua ei löytynyt',
  notFoundText: 'Tarkista linkki. Kyselyn linkki on muotoa /s/2026-basic/lahti.',
  requestErrorHeading: 'Pyyntöä ei voitu käsitellä',
  requestErrorText:
    'Lähetetyssä tiedossa oli jotain, mitä ei voi tallentaa (esimerkiksi näkymättömiä ohjausmerkkejä tai liikaa tekstiä). Palaa takaisin ja tarkista vastauksesi.',
  serverErrorText: 'Palvelussa tapahtui virhe. Yritä hetken kuluttua uudelleen.',
  chooseMunicipality: 'Valitse kuntasi',
  expiredHeading: 'Keskeneräisiä vastauksia ei löytynyt',
  expiredText:
    'Vastaukset on ehkä jo lähetetty, vastaamista on jatkettu toisella laitteella, kysely on sulkeutunut tai selain on poistanut evästeen. Voit aloittaa uudelleen.',
  startAgain: 'Aloita kysely',
  saved: 'Tallennettu',
  saveFailed: 'Tallennus ei onnistunut. Vastauksesi tallentuvat, kun siirryt seuraavalle sivulle.',
  privacyHeading: 'Tietosuoja',
  privacyStored: 'Mitä tallennetaan',
  privacyItems: [
    'Vastauksesi: väittämien valinnat, arvosana ja avoimet vastaukset.',
    'Taustatiedot: kunta, yksikkö (jos valitset sen), luokka-aste tai ikäryhmä ja vastauskieli.',
    'Vastauspäivä. Kellonaikaa ei tallenneta.',
  ],
  privacyNotStored: 'Mitä ei tallenneta',
  privacyNotItems: [
    'Nimeäsi, yhteystietojasi, IP-osoitettasi, selaimesi tai laitteesi tietoja eikä tarkkaa vastausaikaa.',
    'Kertakäyttöisestä koodista tallennetaan vain, että se on käytetty. Vastausta ei voi yhdistää koodiin.',
  ],
  privacyCookie:
    'Sivu käyttää yhtä välttämätöntä evästettä, joka pitää keskeneräiset vastauksesi tallessa, kunnes lähetät ne (enintään 30 päivää). Seuranta- ja mainosevästeitä ei ole, eikä sivu lataa mitään ulkopuolisista palveluista.',
  privacyDrafts: 'Keskeneräisiä vastauksia ei lasketa tuloksiin, ja ne poistetaan, kun kysely sulkeutuu.',
  privacyResults: (threshold: number) =>
    `Avoimet vastaukset luetaan ennen kuin kukaan muu näkee ne, ja tunnistettavat tiedot poistetaan. Avoimia vastauksia ei julkaista. Tuloksia ei näytetä ryhmistä, joissa on alle ${threshold} vastaajaa.`,
  privacyController: 'Rekisterinpitäjä',
  backToSurvey: 'Takaisin kyselyyn',
  issues: {
    required: 'Valitse yksi vaihtoehto.',
    requiredUnit: 'Valitse yksikkö tai ”Ei listalla / en halua kertoa”.',
    requiredMunicipality: 'Valitse kunta.',
    out_of_scale: 'Valitse jokin annetuista vaihtoehdoista.',
    not_an_option: 'Valitse jokin annetuista vaihtoehdoista.',
    too_long: (length: number, limit: number) =>
      `Vastaus on liian pitkä: ${length}/${limit} merkkiä. Lyhennä vastausta.`,
    unknown_item: 'Tätä kysymystä ei ole kyselyssä.',
    unknown_language: 'Kysely ei ole saatavilla tällä kielellä.',
    unknown_municipality: 'Valitse kunta listalta.',
    unknown_unit: 'Valitse yksikkö listalta.',
    unit_not_active: 'Valitse yksikkö listalta.',
    unit_kind_not_allowed: 'Valitse yksikkö listalta.',
    unit_of_other_municipality: 'Yksikkö ei kuulu valittuun kuntaan. Valitse yksikkö uudelleen.',
    code_of_other_place: 'Koodisi on toisen kunnan tai yksikön.',
  },
};

export type UiStrings = typeof fi;

const sv: UiStrings = {
  brand: 'Vårdnadshavarenkät',
  skip: 'Hoppa till innehållet',
  language: 'Språk',
  chooseLanguage: 'Välj språk',
  stepOf: (n, total) => `Steg ${n} av ${total}`,
  introHeading: 'Välkommen att svara',
  minutes: (n) => `Det tar ungefär ${n} minuter att svara.`,
  voluntary: 'Det är frivilligt att svara och du svarar anonymt. Du kan avbryta och fortsätta senare.',
  oneChild: 'Svara för ett barn. Om du har flera barn kan du svara på enkäten på nytt för varje barn.',
  privacyLink: 'Dataskydd: vad som sparas om ditt svar',
  start: 'Börja',
  continueDraft: 'Fortsätt där du slutade',
  startOver: 'Börja om',
  draftFound: 'Du har ett påbörjat svar i den här webbläsaren.',
  background: 'Bakgrundsuppgifter',
  municipality: 'Kommun',
  chooseOption: '– Välj –',
  unitBasic: 'Ditt barns skola eller förskoleundervisning',
  unitEcec: 'Ditt barns daghem eller förskoleundervisning',
  unitNone: 'Finns inte i listan / vill inte uppge',
  refreshUnits: 'Visa enheterna i den valda kommunen',
  fixedByCode: 'Din kod bestämmer denna uppgift.',
  scale: [
    'Helt av annan åsikt',
    'Delvis av annan åsikt',
    'Varken av samma eller annan åsikt',
    'Delvis av samma åsikt',
    'Helt av samma åsikt',
  ],
  cantSay: 'Kan inte säga',
  optional: 'Frivillig',
  maxChars: (n) => `Högst ${n} tecken.`,
  counter: (n, max) => `${n}/${max} tecken`,
  next: 'Nästa',
  back: 'Föregående',
  toReview: 'Spara och gå tillbaka till sammanfattningen',
  reviewHeading: 'Kontrollera dina svar',
  reviewIntro: 'Du kan ännu ändra vilket svar som helst. Svaren kan inte ändras efter att de har skickats.',
  change: 'Ändra',
  changeSection: (s) => `Ändra: ${s}`,
  notAnswered: 'Inget svar',
  submit: 'Skicka svaren',
  thanksHeading: 'Tack för ditt svar!',
  thanksText: 'Ditt svar har sparats. Du kan nu stänga sidan.',
  another: 'Svara för ett annat barn',
  anotherNote: 'Kommun och språk frågas inte på nytt.',
  anotherCode: 'Varje barn behöver en egen kod. Svara för ett annat barn med dess kod.',
  enterCode: 'Ange en annan kod',
  resumeButton: 'Fortsätt senare eller på en annan enhet',
  resumeHeading: 'Fortsätt senare',
  resumeText:
    'Dina svar har sparats hittills. Fortsätt på en annan enhet genom att öppna länken eller skriva fortsättningskoden på fortsättningssidan. Håll koden för dig själv: med den kommer man åt dina svar tills du skickar dem. Koden fungerar en gång; när du fortsätter kan du vid behov få en ny.',
  resumeLink: 'Fortsättningslänk',
  resumeCodeLabel: 'Fortsättningskod',
  resumePageHeading: 'Fortsätt svara',
  resumePageText: 'Skriv fortsättningskoden som du fick när du avbröt.',
  continue: 'Fortsätt',
  resumeNotFound: 'Inga påbörjade svar hittades med koden. Kontrollera koden. Skickade svar kan inte fortsättas.',
  codeHeading: 'Svara med en engångskod',
  codeText: 'Skriv koden som du har fått av skolan, daghemmet eller kommunen.',
  codeLabel: 'Kod',
  codeHint: 'Till exempel K7XM-4QPD. Det spelar ingen roll om du skriver med stora eller små bokstäver.',
  codeUnknown: 'Koden kändes inte igen. Kontrollera koden.',
  codeUsed: 'Koden har redan använts. Varje kod kan användas en gång.',
  codeRequired: 'Skriv koden.',
  errorSummary: 'Kontrollera följande',
  errorPrefix: 'Fel:',
  notOpenHeading: 'Enkäten är inte öppen',
  notOpenText: (opens, closes) => `Enkäten är öppen ${opens}–${closes}.`,
  notFoundHeading: 'Sidan hittades inte',
  notFoundText: 'Kontrollera länken. En länk till enkäten ser ut så här: /s/2026-basic/lahti.',
  requestErrorHeading: 'Begäran kunde inte behandlas',
  requestErrorText:
    'Det som skickades innehöll något som inte kan sparas (till exempel osynliga styrtecken eller för mycket text). Gå tillbaka och kontrollera dina svar.',
  serverErrorText: 'Ett fel inträffade i tjänsten. Försök igen om en stund.',
  chooseMunicipality: 'Välj din kommun',
  expiredHeading: 'Inga påbörjade svar hittades',
  expiredText:
    'Svaren har kanske redan skickats, du har fortsatt på en annan enhet, enkäten har stängts eller webbläsaren har tagit bort kakan. Du kan börja på nytt.',
  startAgain: 'Börja enkäten',
  saved: 'Sparat',
  saveFailed: 'Det gick inte att spara. Dina svar sparas när du går till nästa sida.',
  privacyHeading: 'Dataskydd',
  privacyStored: 'Vad som sparas',
  privacyItems: [
    'Dina svar: val för påståendena, vitsordet och svaren på de öppna frågorna.',
    'Bakgrundsuppgifter: kommun, enhet (om du väljer den), årskurs eller åldersgrupp och svarsspråk.',
    'Svarsdagen. Klockslaget sparas inte.',
  ],
  privacyNotStored: 'Vad som inte sparas',
  privacyNotItems: [
    'Ditt namn, dina kontaktuppgifter, din IP-adress, uppgifter om din webbläsare eller enhet eller exakt svarstid.',
    'Om en engångskod sparas bara att den har använts. Svaret kan inte kopplas till koden.',
  ],
  privacyCookie:
    'Sidan använder en nödvändig kaka som håller dina påbörjade svar sparade tills du skickar dem (högst 30 dagar). Det finns inga spårnings- eller reklamkakor och sidan laddar ingenting från utomstående tjänster.',
  privacyDrafts: 'Påbörjade svar räknas inte i resultaten och raderas när enkäten stängs.',
  privacyResults: (threshold) =>
    `Svaren på de öppna frågorna läses innan någon annan ser dem och uppgifter som kan identifiera någon tas bort. Öppna svar publiceras inte. Resultat visas inte för grupper med färre än ${threshold} svarande.`,
  privacyController: 'Personuppgiftsansvarig',
  backToSurvey: 'Tillbaka till enkäten',
  issues: {
    required: 'Välj ett alternativ.',
    requiredUnit: 'Välj en enhet eller ”Finns inte i listan / vill inte uppge”.',
    requiredMunicipality: 'Välj en kommun.',
    out_of_scale: 'Välj ett av de givna alternativen.',
    not_an_option: 'Välj ett av de givna alternativen.',
    too_long: (length, limit) => `Svaret är för långt: ${length}/${limit} tecken. Förkorta svaret.`,
    unknown_item: 'Frågan finns inte i enkäten.',
    unknown_language: 'Enkäten finns inte på det här språket.',
    unknown_municipality: 'Välj en kommun i listan.',
    unknown_unit: 'Välj en enhet i listan.',
    unit_not_active: 'Välj en enhet i listan.',
    unit_kind_not_allowed: 'Välj en enhet i listan.',
    unit_of_other_municipality: 'Enheten hör inte till den valda kommunen. Välj enhet på nytt.',
    code_of_other_place: 'Din kod gäller en annan kommun eller enhet.',
  },
};

const en: UiStrings = {
  brand: 'Guardian survey',
  skip: 'Skip to content',
  language: 'Language',
  chooseLanguage: 'Choose a language',
  stepOf: (n, total) => `Step ${n} of ${total}`,
  introHeading: 'Welcome',
  minutes: (n) => `It takes about ${n} minutes.`,
  voluntary: 'Taking part is voluntary and anonymous. You can stop and continue later.',
  oneChild: 'Answer for one child. If you have several children, you can answer again for each child.',
  privacyLink: 'Privacy: what is stored about your response',
  start: 'Start',
  continueDraft: 'Continue where you left off',
  startOver: 'Start over',
  draftFound: 'You have an unfinished response in this browser.',
  background: 'Background',
  municipality: 'Municipality',
  chooseOption: '– Choose –',
  unitBasic: 'Your child’s school or pre-primary unit',
  unitEcec: 'Your child’s day-care centre or pre-primary unit',
  unitNone: 'Not in the list / prefer not to say',
  refreshUnits: 'Show the units of the chosen municipality',
  fixedByCode: 'Your code sets this.',
  scale: ['Strongly disagree', 'Somewhat disagree', 'Neither agree nor disagree', 'Somewhat agree', 'Strongly agree'],
  cantSay: 'Can’t say',
  optional: 'Optional',
  maxChars: (n) => `At most ${n} characters.`,
  counter: (n, max) => `${n}/${max} characters`,
  next: 'Next',
  back: 'Previous',
  toReview: 'Save and return to the summary',
  reviewHeading: 'Check your answers',
  reviewIntro: 'You can still change any answer. Answers cannot be changed once sent.',
  change: 'Change',
  changeSection: (s) => `Change: ${s}`,
  notAnswered: 'Not answered',
  submit: 'Send your answers',
  thanksHeading: 'Thank you for your answers!',
  thanksText: 'Your response has been saved. You can now close this page.',
  another: 'Answer for another child',
  anotherNote: 'You will not be asked for the municipality and language again.',
  anotherCode: 'Each child needs a code of their own. Answer for another child with that child’s code.',
  enterCode: 'Enter another code',
  resumeButton: 'Continue later or on another device',
  resumeHeading: 'Continue later',
  resumeText:
    'Your answers so far are saved. To continue on another device, open this link or type the resume code on the resume page. Keep the code to yourself: it opens your answers until you send them. The code works once; when you continue, you can get a new one.',
  resumeLink: 'Resume link',
  resumeCodeLabel: 'Resume code',
  resumePageHeading: 'Continue answering',
  resumePageText: 'Type the resume code you were given when you stopped.',
  continue: 'Continue',
  resumeNotFound:
    'No unfinished answers were found with this code. Please check it. Answers already sent cannot be continued.',
  codeHeading: 'Answer with a one-time code',
  codeText: 'Type the code you were given by the school, day-care centre or municipality.',
  codeLabel: 'Code',
  codeHint: 'For example K7XM-4QPD. Upper or lower case does not matter.',
  codeUnknown: 'The code was not recognised. Please check it.',
  codeUsed: 'This code has already been used. Each code can be used once.',
  codeRequired: 'Type the code.',
  errorSummary: 'Please check the following',
  errorPrefix: 'Error:',
  notOpenHeading: 'The survey is not open',
  notOpenText: (opens, closes) => `The survey is open ${opens}–${closes}.`,
  notFoundHeading: 'Page not found',
  notFoundText: 'Please check the link. A survey link looks like /s/2026-basic/lahti.',
  requestErrorHeading: 'The request could not be handled',
  requestErrorText:
    'What was sent contained something that cannot be stored (such as invisible control characters or too much text). Go back and check your answers.',
  serverErrorText: 'Something went wrong on our side. Please try again in a moment.',
  chooseMunicipality: 'Choose your municipality',
  expiredHeading: 'No unfinished answers were found',
  expiredText:
    'The answers may already have been sent or continued on another device, the survey may have closed, or the browser may have removed the cookie. You can start again.',
  startAgain: 'Start the survey',
  saved: 'Saved',
  saveFailed: 'Saving failed. Your answers will be saved when you go to the next page.',
  privacyHeading: 'Privacy',
  privacyStored: 'What is stored',
  privacyItems: [
    'Your answers: your choices for the statements, the grade and your answers to the open questions.',
    'Background: municipality, unit (if you choose one), grade or age group, and the language you answered in.',
    'The date you answered. The time of day is not stored.',
  ],
  privacyNotStored: 'What is not stored',
  privacyNotItems: [
    'Your name, contact details, IP address, details of your browser or device, or the exact time you answered.',
    'Of a one-time code, only that it has been used. The response cannot be linked to the code.',
  ],
  privacyCookie:
    'The page uses one necessary cookie that keeps your unfinished answers until you send them (30 days at most). There are no tracking or advertising cookies, and the page loads nothing from outside services.',
  privacyDrafts: 'Unfinished answers never count in the results and are deleted when the survey closes.',
  privacyResults: (threshold) =>
    `Answers to open questions are read before anyone else sees them, and details that could identify anyone are removed. Open answers are not published. No results are shown for groups of fewer than ${threshold} respondents.`,
  privacyController: 'Controller',
  backToSurvey: 'Back to the survey',
  issues: {
    required: 'Choose one option.',
    requiredUnit: 'Choose a unit or “Not in the list / prefer not to say”.',
    requiredMunicipality: 'Choose a municipality.',
    out_of_scale: 'Choose one of the given options.',
    not_an_option: 'Choose one of the given options.',
    too_long: (length, limit) => `The answer is too long: ${length}/${limit} characters. Please shorten it.`,
    unknown_item: 'This question is not in the survey.',
    unknown_language: 'The survey is not available in this language.',
    unknown_municipality: 'Choose a municipality from the list.',
    unknown_unit: 'Choose a unit from the list.',
    unit_not_active: 'Choose a unit from the list.',
    unit_kind_not_allowed: 'Choose a unit from the list.',
    unit_of_other_municipality: 'The unit is not in the chosen municipality. Please choose the unit again.',
    code_of_other_place: 'Your code is for another municipality or unit.',
  },
};

const STRINGS: Record<UiLang, UiStrings> = { fi, sv, en };

export function isUiLang(lang: string): lang is UiLang {
  return (UI_LANGS as readonly string[]).includes(lang);
}

/** The survey's interface text for a language; content languages without their own fall back to English. */
export function uiStrings(lang: string): UiStrings {
  return isUiLang(lang) ? STRINGS[lang] : STRINGS.en;
}

/** The guardian-facing message for a validation issue. */
export function issueText(t: UiStrings, issue: Pick<ResponseIssue, 'code' | 'field' | 'params'>): string {
  if (issue.code === 'required' && issue.field === 'unitId') return t.issues.requiredUnit;
  if (issue.code === 'required' && issue.field === 'municipality') return t.issues.requiredMunicipality;
  if (issue.code === 'too_long') {
    return t.issues.too_long(Number(issue.params?.length ?? 0), Number(issue.params?.limit ?? 0));
  }
  const text = t.issues[issue.code];
  return typeof text === 'string' ? text : t.issues.required;
}

/** The preferred UI language from an Accept-Language header (fi when none fits). */
export function languageFromHeader(header: string | undefined, offered: readonly string[]): string {
  const wanted = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', q] = part.trim().split(';q=');
      return { lang: tag.slice(0, 2).toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((w) => w.lang && !Number.isNaN(w.q))
    .sort((a, b) => b.q - a.q);
  return wanted.find((w) => offered.includes(w.lang))?.lang ?? 'fi';
}
