import type { InstrumentDefinitionInput } from '@gs/schema';

export const ececV1: InstrumentDefinitionInput = {
  family: 'ecec',
  version: 1,
  title: {
    fi: 'Huoltajakysely: varhaiskasvatus ja esiopetus',
    sv: 'Enkät för vårdnadshavare: småbarnspedagogik och förskoleundervisning',
    en: 'Guardian survey: early childhood education and care and pre-primary education',
  },
  intro: {
    fi: 'Tällä kyselyllä kysytään huoltajien kokemuksia lapsen varhaiskasvatuksesta ja esiopetuksesta. Vastaaminen on vapaaehtoista ja tapahtuu nimettömästi: vastauksiasi ei voi yhdistää sinuun tai lapseesi. Vastaaminen vie noin 8 minuuttia. Tuloksia käytetään toiminnan kehittämiseen.',
    sv: 'Med den här enkäten frågar vi vårdnadshavare om deras erfarenheter av barnets småbarnspedagogik och förskoleundervisning. Det är frivilligt att svara och du svarar anonymt: dina svar kan inte kopplas till dig eller ditt barn. Det tar ungefär 8 minuter att svara. Resultaten används för att utveckla verksamheten.',
    en: 'This survey asks guardians about their experiences of their child’s early childhood education and care and pre-primary education. Taking part is voluntary and anonymous: your answers cannot be linked to you or your child. It takes about 8 minutes. The results are used to develop the services.',
  },
  estimatedMinutes: 8,
  unitKinds: ['ecec', 'pre_primary'],
  group: {
    key: 'age_group',
    label: {
      fi: 'Lapsesi ikäryhmä',
      sv: 'Ditt barns åldersgrupp',
      en: 'Your child’s age group',
    },
    options: [
      {
        key: 'under_3',
        label: {
          fi: 'Alle 3-vuotias',
          sv: 'Under 3 år',
          en: 'Under 3 years',
        },
      },
      {
        key: 'age_3_5',
        label: {
          fi: '3–5-vuotias (ei vielä esiopetuksessa)',
          sv: '3–5 år (ännu inte i förskoleundervisning)',
          en: '3–5 years (not yet in pre-primary education)',
        },
      },
      {
        key: 'pre_primary',
        label: {
          fi: 'Esiopetuksessa',
          sv: 'I förskoleundervisning',
          en: 'In pre-primary education',
        },
      },
    ],
  },
  sections: [
    {
      key: 'interaction',
      title: {
        fi: 'Vuorovaikutus',
        sv: 'Interaktion',
        en: 'Interaction',
      },
      items: [
        {
          key: 'interaction_staff_friendly',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Henkilöstö kohtaa lapseni ystävällisesti ja lämpimästi.',
            sv: 'Personalen bemöter mitt barn vänligt och varmt.',
            en: 'The staff treat my child in a friendly and warm way.',
          },
        },
        {
          key: 'interaction_child_heard',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Henkilöstö kuuntelee lastani ja ottaa hänen tunteensa vakavasti.',
            sv: 'Personalen lyssnar på mitt barn och tar barnets känslor på allvar.',
            en: 'The staff listen to my child and take their feelings seriously.',
          },
        },
        {
          key: 'interaction_welcome_at_transitions',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Minut ja lapseni otetaan hyvin vastaan tuonti- ja hakutilanteissa.',
            sv: 'Jag och mitt barn blir väl mottagna när barnet lämnas och hämtas.',
            en: 'My child and I are made welcome at drop-off and pick-up.',
          },
        },
        {
          key: 'interaction_guardian_respected',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Henkilöstö suhtautuu minuun huoltajana arvostavasti.',
            sv: 'Personalen bemöter mig som vårdnadshavare med respekt.',
            en: 'The staff treat me as a guardian with respect.',
          },
        },
        {
          key: 'interaction_peer_relations',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Lastani tuetaan kaverisuhteissa ja ryhmässä toimimisessa.',
            sv: 'Mitt barn får stöd i att skapa kamratrelationer och fungera i gruppen.',
            en: 'My child is supported in making friends and getting along in the group.',
          },
        },
      ],
    },
    {
      key: 'safety',
      title: {
        fi: 'Turvallisuus ja hyvinvointi',
        sv: 'Trygghet och välbefinnande',
        en: 'Safety and wellbeing',
      },
      items: [
        {
          key: 'safety_feels_safe',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Lapseni tuntee olonsa turvalliseksi ryhmässään.',
            sv: 'Mitt barn känner sig tryggt i sin grupp.',
            en: 'My child feels safe in their group.',
          },
        },
        {
          key: 'safety_enjoys_attending',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Lapseni viihtyy varhaiskasvatuksessa tai esiopetuksessa.',
            sv: 'Mitt barn trivs i småbarnspedagogiken eller förskoleundervisningen.',
            en: 'My child enjoys being in early childhood education or pre-primary education.',
          },
        },
        {
          key: 'safety_daily_rhythm',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Päivän rytmi tukee lapseni hyvinvointia (esim. ruokailu, lepo ja ulkoilu).',
            sv: 'Dagsrytmen stöder mitt barns välbefinnande (t.ex. måltider, vila och utevistelse).',
            en: 'The daily routine supports my child’s wellbeing (e.g. meals, rest and outdoor time).',
          },
        },
        {
          key: 'safety_conflicts_addressed',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Henkilöstö puuttuu lasten välisiin riitoihin ja kiusaamiseen.',
            sv: 'Personalen ingriper vid konflikter och mobbning mellan barnen.',
            en: 'The staff step in when there are conflicts or bullying between children.',
          },
        },
      ],
    },
    {
      key: 'learning',
      title: {
        fi: 'Kasvu, oppiminen ja tuki',
        sv: 'Utveckling, lärande och stöd',
        en: 'Growth, learning and support',
      },
      items: [
        {
          key: 'learning_varied_activities',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Toiminta on monipuolista (esim. leikki, liikkuminen, taide ja tutkiminen).',
            sv: 'Verksamheten är mångsidig (t.ex. lek, rörelse, konst och utforskande).',
            en: 'Activities are varied (e.g. play, physical activity, arts and exploring).',
          },
        },
        {
          key: 'learning_time_for_play',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Leikille annetaan riittävästi aikaa ja tilaa.',
            sv: 'Leken får tillräckligt med tid och utrymme.',
            en: 'There is enough time and space for play.',
          },
        },
        {
          key: 'learning_stimulation',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Lapseni saa virikkeitä, jotka tukevat hänen kehitystään ja oppimistaan.',
            sv: 'Mitt barn får stimulans som stöder barnets utveckling och lärande.',
            en: 'My child gets stimulation that supports their development and learning.',
          },
        },
        {
          key: 'learning_individual_needs',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Lapseni yksilölliset tarpeet otetaan huomioon.',
            sv: 'Mitt barns individuella behov beaktas.',
            en: 'My child’s individual needs are taken into account.',
          },
        },
        {
          key: 'learning_support_when_needed',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Lapseni saa tarvittaessa tukea kasvuunsa ja oppimiseensa.',
            sv: 'Mitt barn får vid behov stöd för sin utveckling och sitt lärande.',
            en: 'My child gets support for growth and learning when needed.',
          },
        },
      ],
    },
    {
      key: 'cooperation',
      title: {
        fi: 'Yhteistyö kodin kanssa ja tieto lapsesta',
        sv: 'Samarbete med hemmet och information om barnet',
        en: 'Cooperation with the home and information about your child',
      },
      items: [
        {
          key: 'cooperation_daily_info',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Saan riittävästi tietoa lapseni päivästä.',
            sv: 'Jag får tillräckligt med information om mitt barns dag.',
            en: 'I get enough information about my child’s day.',
          },
        },
        {
          key: 'cooperation_activity_info',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Saan riittävästi tietoa ryhmän toiminnasta ja sen tavoitteista.',
            sv: 'Jag får tillräckligt med information om gruppens verksamhet och dess mål.',
            en: 'I get enough information about the group’s activities and their aims.',
          },
        },
        {
          key: 'cooperation_easy_contact',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Henkilöstöön on helppo ottaa yhteyttä.',
            sv: 'Det är lätt att kontakta personalen.',
            en: 'It is easy to contact the staff.',
          },
        },
        {
          key: 'cooperation_views_considered',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Näkemykseni lapsestani otetaan huomioon.',
            sv: 'Mina synpunkter om mitt barn beaktas.',
            en: 'My views about my child are taken into account.',
          },
        },
        {
          key: 'cooperation_discussions_useful',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Keskustelut lapseni kasvusta ja oppimisesta (esim. vasu-keskustelu) ovat hyödyllisiä.',
            sv: 'Samtalen om mitt barns utveckling och lärande (t.ex. samtal om barnets plan) är till nytta.',
            en: 'Discussions about my child’s development and learning (e.g. on the child’s ECEC plan) are useful.',
          },
        },
      ],
    },
    {
      key: 'participation',
      title: {
        fi: 'Lapsen ja huoltajan osallisuus',
        sv: 'Barnets och vårdnadshavarens delaktighet',
        en: 'Child and guardian participation',
      },
      items: [
        {
          key: 'participation_child_ideas',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Lapseni ideoita ja toiveita otetaan huomioon toiminnassa.',
            sv: 'Mitt barns idéer och önskemål beaktas i verksamheten.',
            en: 'My child’s ideas and wishes are taken into account in activities.',
          },
        },
        {
          key: 'participation_child_choices',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Lapseni saa tehdä ikätasolleen sopivia valintoja.',
            sv: 'Mitt barn får göra val som passar barnets ålder och utveckling.',
            en: 'My child gets to make choices suited to their age and development.',
          },
        },
        {
          key: 'participation_guardian_planning',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Minulla on mahdollisuus osallistua toiminnan suunnitteluun ja kehittämiseen.',
            sv: 'Jag har möjlighet att delta i planeringen och utvecklingen av verksamheten.',
            en: 'I have the opportunity to take part in planning and developing the activities.',
          },
        },
        {
          key: 'participation_feedback_considered',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Antamani palaute otetaan huomioon.',
            sv: 'Den respons jag ger beaktas.',
            en: 'The feedback I give is taken into account.',
          },
        },
      ],
    },
    {
      key: 'equality',
      title: {
        fi: 'Yhdenvertaisuus ja tasa-arvo',
        sv: 'Likabehandling och jämställdhet',
        en: 'Equality and inclusion',
      },
      items: [
        {
          key: 'equality_treated_fairly',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Lastani kohdellaan reilusti.',
            sv: 'Mitt barn behandlas rättvist.',
            en: 'My child is treated fairly.',
          },
        },
        {
          key: 'equality_diversity_respected',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Perheemme kieli, kulttuuri ja vakaumus otetaan huomioon ja niitä kunnioitetaan.',
            sv: 'Vår familjs språk, kultur och övertygelse beaktas och respekteras.',
            en: 'Our family’s language, culture and beliefs are taken into account and respected.',
          },
        },
        {
          key: 'equality_all_included',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Kaikki lapset pääsevät mukaan leikkeihin ja toimintaan.',
            sv: 'Alla barn får vara med i lekar och aktiviteter.',
            en: 'All children are included in play and activities.',
          },
        },
        {
          key: 'equality_gender_free_choices',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Lastani kannustetaan valitsemaan leikkejä ja toimintaa sukupuolesta riippumatta.',
            sv: 'Mitt barn uppmuntras att välja lekar och aktiviteter oberoende av kön.',
            en: 'My child is encouraged to choose play and activities regardless of gender.',
          },
        },
      ],
    },
    {
      key: 'environment',
      title: {
        fi: 'Oppimisympäristö',
        sv: 'Lärmiljö',
        en: 'Learning environment',
      },
      items: [
        {
          key: 'environment_premises',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Tilat ovat toimivat, siistit ja viihtyisät.',
            sv: 'Lokalerna är ändamålsenliga, rena och trivsamma.',
            en: 'The premises are functional, clean and pleasant.',
          },
        },
        {
          key: 'environment_outdoor_area',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Ulkoilualue on turvallinen ja houkuttelee monipuoliseen leikkiin.',
            sv: 'Gården är trygg och inbjuder till mångsidig lek.',
            en: 'The outdoor area is safe and invites varied play.',
          },
        },
        {
          key: 'environment_group_size',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Lapsiryhmän koko on sopiva.',
            sv: 'Barngruppens storlek är lämplig.',
            en: 'The size of the group of children is appropriate.',
          },
        },
        {
          key: 'environment_enough_adults',
          type: 'statement',
          scale: 'agree5',
          text: {
            fi: 'Aikuisia on riittävästi lasten määrään nähden.',
            sv: 'Det finns tillräckligt många vuxna i förhållande till antalet barn.',
            en: 'There are enough adults for the number of children.',
          },
        },
      ],
    },
    {
      key: 'overall',
      title: {
        fi: 'Kokonaisarvio',
        sv: 'Helhetsbedömning',
        en: 'Overall assessment',
      },
      description: {
        fi: 'Avoimiin kysymyksiin vastaaminen on vapaaehtoista. Älä kirjoita vastaukseesi nimiä tai muita tietoja, joista jonkun voi tunnistaa.',
        sv: 'Det är frivilligt att svara på de öppna frågorna. Skriv inte namn eller andra uppgifter som kan avslöja vem någon är.',
        en: 'The open questions are optional. Please do not write names or other details that could identify anyone.',
      },
      items: [
        {
          key: 'overall_grade',
          type: 'grade',
          scale: 'grade4_10',
          text: {
            fi: 'Minkä arvosanan antaisit lapsesi varhaiskasvatukselle tai esiopetukselle kokonaisuutena? (4 = heikoin, 10 = paras)',
            sv: 'Vilket vitsord skulle du ge ditt barns småbarnspedagogik eller förskoleundervisning som helhet? (4 = sämst, 10 = bäst)',
            en: 'Overall, what grade would you give your child’s early childhood education or pre-primary education? (4 = lowest, 10 = highest)',
          },
        },
        {
          key: 'open_went_well',
          type: 'open',
          maxLength: 1000,
          text: {
            fi: 'Mikä on sujunut erityisen hyvin?',
            sv: 'Vad har fungerat särskilt bra?',
            en: 'What has gone particularly well?',
          },
        },
        {
          key: 'open_improve',
          type: 'open',
          maxLength: 1000,
          text: {
            fi: 'Mitä pitäisi kehittää?',
            sv: 'Vad borde utvecklas?',
            en: 'What should be improved?',
          },
        },
      ],
    },
  ],
};
