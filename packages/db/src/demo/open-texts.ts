import type { FamilyKey } from '@gs/schema';

/** Which open question a text answers: the first open item (what went well) or a later one (what to improve). */
export type OpenPool = 'went_well' | 'improve';

/** A guardian's open answer; `redacted` is set when the text names a person or gives contact details. */
export interface OpenText {
  text: string;
  redacted?: string;
}

type Pools = Record<OpenPool, Partial<Record<string, OpenText[]>>>;

const t = (text: string, redacted?: string): OpenText => (redacted ? { text, redacted } : { text });

const ECEC: Pools = {
  went_well: {
    fi: [
      t('Lapsi lähtee aamuisin mielellään päiväkotiin.'),
      t('Henkilökunta on ystävällistä ja lämmintä.'),
      t('Ulkoilua on paljon ja metsäretket ovat olleet lapselle tärkeitä.'),
      t('Tiedottaminen toimii hyvin, viikkotiedote tulee joka perjantai.'),
      t('Lapsi on saanut ryhmästä hyviä kavereita.'),
      t('Ruoka on hyvää ja lapsi syö päiväkodissa paremmin kuin kotona.'),
      t('Hakutilanteessa kerrotaan aina, miten päivä on mennyt.'),
      t('Esiopetus on valmistanut lasta hyvin kouluun.'),
      t('Vasu-keskustelu oli hyödyllinen ja meitä kuunneltiin.'),
      t('Kiitos koko henkilökunnalle!'),
      t('Lapsen tuen tarpeeseen reagoitiin nopeasti.'),
      t('Turvallinen ja rauhallinen ilmapiiri.'),
      t('Kaikki on sujunut hyvin, ei valitettavaa.'),
      t('Pihalla on paljon tekemistä ja leikkejä.'),
      t('Lapsi kertoo kotona innoissaan päivän askarteluista.'),
      t('Uuteen ryhmään siirtyminen hoidettiin hienosti.'),
      t(
        'Opettaja Maija Virtanen oli ihana, lapsi kaipaa häntä vieläkin.',
        'Opettaja [nimi poistettu] oli ihana, lapsi kaipaa häntä vieläkin.',
      ),
      t('Erityiskiitos Jonnalle sinisestä ryhmästä!', 'Erityiskiitos [nimi poistettu] sinisestä ryhmästä!'),
    ],
    sv: [
      t('Personalen är vänlig och barnet trivs.'),
      t('Bra information varje vecka.'),
      t('Mycket utevistelse, det uppskattar vi.'),
      t('Barnet har fått fina kompisar.'),
      t('Trygg och lugn stämning i gruppen.'),
      t('Det är fint att barnet får leka på svenska.'),
    ],
    en: [
      t('The staff are friendly and my child is happy.'),
      t('Good communication with the teachers.'),
      t('Lots of outdoor play, which my child loves.'),
    ],
  },
  improve: {
    fi: [
      t('Ryhmät ovat liian suuria ja henkilökunta vaihtuu usein.'),
      t('Sijaisia on liian vähän, lapsi on joutunut usein vieraaseen ryhmään.'),
      t('Toivoisin enemmän tietoa siitä, mitä päivän aikana on tehty.'),
      t('Piha on huonossa kunnossa, hiekkalaatikko on ollut rikki koko syksyn.'),
      t('Päiväunet ovat meidän lapselle liian pitkät.'),
      t('Viestit tulevat monesta eri sovelluksesta, on vaikea pysyä perässä.'),
      t('Lisää liikuntaa ja metsäretkiä.'),
      t('Sisäilma tuntuu tunkkaiselta.'),
      t('Tuen tarpeeseen reagoitiin liian hitaasti.'),
      t('Aukioloajat voisivat joustaa vuorotyötä tekeville.'),
      t('Riitoihin ja kiusaamiseen pitäisi puuttua nopeammin.'),
      t('Ei kehitettävää, jatkakaa samaan malliin.'),
      t('Pukeutumistilat ovat ahtaat ja ruuhkaiset hakuaikaan.'),
      t(
        'Soittakaa minulle, 040 123 4567, haluan keskustella lapseni tilanteesta.',
        'Soittakaa minulle, [puhelinnumero poistettu], haluan keskustella lapseni tilanteesta.',
      ),
      t('Johtaja Pekka Laine ei vastaa viesteihin.', 'Johtaja [nimi poistettu] ei vastaa viesteihin.'),
    ],
    sv: [
      t('Grupperna är för stora.'),
      t('Det behövs fler vikarier.'),
      t('Mer information på svenska, tack.'),
      t('Gården behöver rustas upp.'),
      t(
        'Ring mig gärna på 050 765 4321 om barnets stöd.',
        'Ring mig gärna på [telefonnummer borttaget] om barnets stöd.',
      ),
    ],
    en: [
      t('More information in English would help.'),
      t('The groups are too big.'),
      t('Messages come through too many different apps.'),
    ],
  },
};

const BASIC: Pools = {
  went_well: {
    fi: [
      t('Opettaja on kannustava ja lapsi pitää koulusta.'),
      t('Wilma-viestit ovat selkeitä ja niitä tulee sopivasti.'),
      t('Koulun ilmapiiri on hyvä ja turvallinen.'),
      t('Kiusaamiseen puututtiin heti, kiitos siitä.'),
      t('Retket ja teemapäivät ovat olleet mukavia.'),
      t('Lapsi on saanut tukea lukemiseen ja edistynyt paljon.'),
      t('Kouluruoka on lapsen mielestä hyvää.'),
      t('Vanhempainillat ovat olleet hyödyllisiä.'),
      t('Arviointikeskustelu oli hyvä ja lapsi sai itse kertoa tavoitteistaan.'),
      t('Kerhotoimintaa on monipuolisesti.'),
      t('Opettajat vastaavat viesteihin nopeasti.'),
      t('Esiopetuksesta kouluun siirtyminen sujui hyvin.'),
      t('Kaikki hyvin!'),
      t('Luokanopettaja tuntee lapset ja heidän vahvuutensa.'),
      t('Opettaja Maija Virtanen oli ihana.', 'Opettaja [nimi poistettu] oli ihana.'),
      t('Kiitos erityisopettaja Ville Mäkiselle tuesta!', 'Kiitos erityisopettaja [nimi poistettu] tuesta!'),
    ],
    sv: [
      t('Läraren är uppmuntrande och barnet trivs i skolan.'),
      t('Bra kommunikation via Wilma.'),
      t('Trygg skola med god stämning.'),
      t('Mobbning togs upp direkt.'),
      t('Fint att skolan ordnar utflykter.'),
    ],
    en: [
      t('The teacher is encouraging and my child likes school.'),
      t('Clear messages in Wilma.'),
      t('My child got good support with Finnish.'),
    ],
    uk: [
      t('Вчителі дуже доброзичливі, дитина ходить до школи з радістю.'),
      t('Дякуємо за підтримку з фінською мовою.'),
    ],
  },
  improve: {
    fi: [
      t('Luokassa on levotonta ja työrauha on huono.'),
      t('Läksyjä on liikaa.'),
      t('Koulumatka on vaarallinen, suojatie puuttuu.'),
      t('Sisäilmaongelmat pitäisi korjata.'),
      t('Välitunneille lisää valvontaa.'),
      t('Tukitoimien järjestäminen kestää liian kauan.'),
      t('Kouluterveydenhoitajalle on vaikea saada aikaa.'),
      t('Arvioinnista toivoisin selkeämpää tietoa.'),
      t('Liikaa ruutuaikaa oppitunneilla.'),
      t('Kiusaamiseen ei puututa tarpeeksi.'),
      t('Koulukuljetus on usein myöhässä.'),
      t('Wilmassa on liikaa viestejä, tärkeät hukkuvat joukkoon.'),
      t('Ei erityistä kehitettävää.'),
      t(
        'Soittakaa 040 123 4567, lapseni on kiusattu jo pitkään.',
        'Soittakaa [puhelinnumero poistettu], lapseni on kiusattu jo pitkään.',
      ),
      t('Rehtori Pekka Laine ei ole vastannut viesteihini.', 'Rehtori [nimi poistettu] ei ole vastannut viesteihini.'),
      t(
        'Ottakaa yhteyttä sanna.korhonen@example.com, tukiasia on kesken.',
        'Ottakaa yhteyttä [sähköposti poistettu], tukiasia on kesken.',
      ),
    ],
    sv: [
      t('Det är för stökigt i klassen.'),
      t('För mycket läxor.'),
      t('Skolskjutsen är ofta försenad.'),
      t('Mer stöd i matematik behövs.'),
    ],
    en: [
      t('More information in English, please.'),
      t('The classroom is often noisy.'),
      t('It takes too long to arrange support.'),
    ],
    uk: [t('Більше інформації англійською або українською мовою.'), t('Потрібно більше підтримки з фінської мови.')],
  },
};

/** The open-answer texts for a family, one pool per open question and language. */
export function openTexts(family: FamilyKey): Pools {
  return family === 'ecec' ? ECEC : BASIC;
}
