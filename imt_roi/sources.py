"""Citations for the defaults (docs/sources.md gives each document and its figures).

Each constant names a document by title and, where known, the section.
"""

JFF_CASE = ('JFF, "The Industrial Manufacturing Technician apprenticeship" '
            "(Work-Based Learning in Action case study)")
JFF_CASE_COST = JFF_CASE + ', section "Cost"'
JFF_CASE_PAY = JFF_CASE + ', section "Offer Compensation for the Work"'
JFF_CASE_FACTS = JFF_CASE + ', "Quick Facts"'
JFF_CASE_RTI = JFF_CASE + ', section "Structured Learning"'
JFF_CASE_FLEX = JFF_CASE + ', section "Flexibility" ("Workers can receive credit for prior learning")'
JFF_CASE_MENTOR = JFF_CASE + ', section "Identify Target Skills and How Gains Will Be Validated"'
JFF_IMPACT = ('JFF, "Industrial Manufacturing Technician (IMT) Registered Apprenticeship '
              'Program" impact story, "Project Progress"')
COWS_EQUITY = ('Dresser and Kahn, "Manufacturing Pathways in Milwaukee: Bringing Skills and Equity to '
               "Manufacturing's Future\", COWS, 2018 (Equity in Apprenticeship series; the IMT equity brief)")
COWS_TABLE1 = COWS_EQUITY + ", Table 1 (WRTP/BIG STEP administrative data)"
AFLCIO = 'AFL-CIO Working for America Institute, IMT program overview'
JFF_ROI_2020 = ('JFF, "The Next-Gen IMT Apprenticeship: A Return on Investment Study", '
                "July 31, 2020 (Payne); its $1.48 is quoted in the JFF impact story, its \"during the terms of "
                "their apprenticeships\" in JFF's press release on the study")
AAI_2022 = ("Mills De La Rosa, Kuehn, Lerman, Hollenbeck, American Apprenticeship "
            "Initiative employer ROI study, US DOL, October 2022")
MW_2014 = ('Muehlemann and Wolter, "Return on investment of apprenticeship systems for enterprises: '
           'Evidence from cost-benefit analyses", IZA Journal of Labor Policy 3:25, 2014')
MW_2014_T3 = MW_2014 + ", Table 3"
MW_2019 = ('Muehlemann and Wolter, "The economics of apprenticeship training: seven lessons learned from '
           'cost-benefit surveys and simulations", Bertelsmann Stiftung, 2019')

OEWS_2023_INDUSTRY = ("US Bureau of Labor Statistics, Occupational Employment and Wage Statistics (OEWS), May 2023 "
                      "national industry-specific estimates, all occupations: median $23.30 and mean $27.94 an hour "
                      "in fabricated metal products (NAICS 332000), median $25.60 and mean $32.02 in machinery "
                      "(NAICS 3330A1)")
HIRING_COSTS = ('Blatter, Muehlemann and Schenker, "The costs of hiring skilled workers", European Economic Review '
                "56(1), 2012 (10 to 17 weeks of wages per skilled hire, recruiting and adaptation); Muehlemann and "
                'Strupler Leiser, "Hiring costs and labor market tightness", Labour Economics 52, 2018 (about 16 '
                "weeks; 21% search, the rest the new hire's low productivity, training and instruction)")
SHRM_COST_PER_HIRE = ('SHRM, "The Real Costs of Recruitment" (average cost per hire "nearly $4,700"; its 2016 '
                      "Human Capital Benchmarking Report: $4,129 and 42 days to fill)")
OEWS_TECHNICIAN_OCCUPATIONS = ("US Bureau of Labor Statistics: Occupational Outlook Handbook, industrial "
                               "engineering technologists and technicians (SOC 17-3026), median $27.19 an hour in "
                               "May 2019 ($25.64 in May 2016); OES, machinists (SOC 51-4041), US median $20.47 and "
                               "mean $21.22 an hour (wages updated to the first quarter of 2017, as republished by "
                               "the Minnesota Department of Employment and Economic Development)")
TECHNICIAN_WAGE_SOURCE = ("assumption: $30 an hour, 20% above the completers' $25 end-of-term average of " + JFF_IMPACT
                          + " (an already-skilled technician costs more than a new completer); about 10% above the "
                          "2019 national median of the nearest technician occupation and well above machinists' ("
                          + OEWS_TECHNICIAN_OCCUPATIONS + "); carrying those medians to today's wages is an "
                          "extrapolation; within the range of manufacturing pay in " + OEWS_2023_INDUSTRY
                          + ": enter your local market's wage")
TECHNICIAN_WAGE_RANGE = ("assumption: $25 (the completers' own end-of-term average, a floor for an experienced "
                         "technician) to $35, about the mean pay of all occupations in machinery manufacturing ("
                         + OEWS_2023_INDUSTRY + ") plus a skill premium")
COMPLETION_SEPARATION_SOURCE = ("assumption: no IMT source counts completers who leave just after completing; a "
                                "tenth, for outside offers to newly certified technicians")
COMPLETION_SEPARATION_RANGE = "assumption: from none to a fifth of completers leaving for outside offers"
COMPLETER_SEPARATION_SOURCE = ("assumption: no source gives a yearly rate for IMT completers (the COWS count of 14 "
                               "of 124 is apprentices who left the programme, the term's attrition); a tenth a "
                               "year, below the 19% turnover of " + SHRM_COST_PER_HIRE + " and the 25% assumed for "
                               "untrained production workers, for skilled workers with tenure")
COMPLETER_SEPARATION_RANGE = "assumption: from 5% (long-tenured skilled workers) to 15% a year"
