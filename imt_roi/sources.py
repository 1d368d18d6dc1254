"""Citations for the defaults (docs/sources.md gives each document and its figures).

Each constant names a document by title and, where known, the section.
"""

JFF_CASE = ('JFF, "The Industrial Manufacturing Technician apprenticeship" '
            "(Work-Based Learning in Action case study)")
JFF_CASE_COST = JFF_CASE + ', section "Cost"'
JFF_CASE_PAY = JFF_CASE + ', section "Offer Compensation for the Work"'
JFF_CASE_FACTS = JFF_CASE + ', "Quick Facts"'
JFF_CASE_RTI = JFF_CASE + ', section "Structured Learning"'
JFF_CASE_MENTOR = JFF_CASE + ', section "Identify Target Skills and How Gains Will Be Validated"'
JFF_IMPACT = ('JFF, "Industrial Manufacturing Technician (IMT) Registered Apprenticeship '
              'Program" impact story, "Project Progress"')
COWS_EQUITY = 'COWS, "Equity in Apprenticeship: the IMT" (equity brief)'
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
