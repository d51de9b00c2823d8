import { useLang } from '../lib/i18n.ts';
import { onLinkClick } from '../lib/router.ts';

// \u00AD (soft hyphen) marks where the longest compounds may break with a hyphen on a narrow screen,
// also in browsers without hyphenation patterns for the language.
const T = {
  fi: {
    h: 'Huoltaja\u00ADkysely varhais\u00ADkasvatuksesta ja koulusta',
    p: 'Päijät-Hämeen kunnat kysyvät joka vuosi huoltajilta, miten varhaiskasvatus, esiopetus ja perusopetus onnistuvat. Vuorovuosin kysely koskee varhaiskasvatusta ja esiopetusta tai esi- ja perusopetusta.',
    reports: 'Julkaistut tulokset',
    console: 'Koordinaattoreiden ja kuntien hallinta',
  },
  sv: {
    h: 'Vårdnads\u00ADhavar\u00ADenkäten om småbarns\u00ADpedagogik och skola',
    p: 'Kommunerna i Päijänne-Tavastland frågar varje år vårdnadshavarna hur småbarnspedagogiken, förskoleundervisningen och den grundläggande utbildningen lyckas. Varannat år gäller enkäten småbarnspedagogik och förskoleundervisning, varannat förskoleundervisning och grundläggande utbildning.',
    reports: 'Publicerade resultat',
    console: 'Administration för koordinatorer och kommuner',
  },
  en: {
    h: 'Guardian survey on early childhood education and school',
    p: 'Every year the municipalities of Päijät-Häme ask guardians how early childhood education, pre-primary and basic education are doing. The survey alternates between early childhood education with pre-primary, and pre-primary with basic education.',
    reports: 'Published results',
    console: 'Console for coordinators and municipalities',
  },
};

export function Home() {
  const { lang } = useLang();
  const t = T[lang];
  return (
    <section className="home">
      <h1>{t.h}</h1>
      <p>{t.p}</p>
      <ul className="home-links">
        <li>
          <a href="/reports" onClick={onLinkClick}>
            {t.reports}
          </a>
        </li>
        <li>
          <a href="/console" onClick={onLinkClick}>
            {t.console}
          </a>
        </li>
      </ul>
    </section>
  );
}
