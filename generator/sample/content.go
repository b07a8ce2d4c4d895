package sample

// topic is the sample content of one programme area: its national programme area,
// prioritised areas and a few activities written the way plan owners write them.
type topic struct {
	national string
	areas    []areaText
}

type areaText struct {
	national string
	title    string
	promises []string
	acts     []string
}

// topics is keyed by the area name without its RPO/RSG prefix.
var topics = map[string]topic{
	"Hjärt- och kärlsjukdomar": {"NPO Hjärt- och kärlsjukdomar", []areaText{
		{"Hjärtsvikt", "Jämlik vård vid hjärtsvikt", []string{"P1", "P4"}, []string{
			"Införa det nationella personcentrerade och sammanhållna vårdförloppet för hjärtsvikt i alla tre regionerna",
			"Sjuksköterskeledda hjärtsviktsmottagningar med gemensamma rutiner för titrering av läkemedel",
			"Regional uppföljning av andel patienter med ultraljud av hjärtat inom 3 månader efter diagnos"}},
		{"Förmaksflimmer", "Strokeprevention vid förmaksflimmer", []string{"P2", "P4"}, []string{
			"Gemensam regional rutin för screening av förmaksflimmer efter TIA",
			"Utbildningsinsats i primärvården om antikoagulantiabehandling"}},
	}},
	"Endokrina sjukdomar": {"NPO Endokrina sjukdomar", []areaText{
		{"Diabetes", "Diabetesvård med kontinuerlig glukosmätning", []string{"P1", "P3"}, []string{
			"Likvärdiga förskrivningskriterier för CGM i regionerna",
			"Digital utbildning i egenvård för personer med typ 1-diabetes",
			"Gemensam regional diabetesdag för vårdpersonal och patientföreträdare"}},
		{"", "Fotsår hos personer med diabetes", []string{"P4", "P5"}, []string{
			"Multiprofessionella fotteam på alla sjukhus med remissvägar från primärvården"}},
	}},
	"Lung- och allergisjukdomar": {"NPO Lung- och allergisjukdomar", []areaText{
		{"KOL", "Tidig upptäckt av KOL", []string{"P1", "P2"}, []string{
			"Spirometri i primärvården enligt nationellt kliniskt kunskapsstöd",
			"Regional kartläggning av väntetid till lungrehabilitering"}},
		{"Astma", "Astma hos barn och unga", []string{"P3"}, []string{
			"Gemensamt skriftligt behandlingsprogram till alla barn med astma"}},
	}},
	"Njur- och urinvägssjukdomar": {"NPO Njur- och urinvägssjukdomar", []areaText{
		{"Kronisk njursjukdom", "Kronisk njursjukdom i primärvården", []string{"P4"}, []string{
			"Beslutsstöd för eGFR och albuminuri i journalsystemen"}},
	}},
	"Infektionssjukdomar": {"NPO Infektionssjukdomar", []areaText{
		{"Sepsis", "Sepsis – tidig identifiering och behandling", []string{"P2", "P4"}, []string{
			"Införa vårdförloppet sepsis på akutmottagningarna i regionerna",
			"Regional punktprevalensmätning av vårdrelaterade infektioner två gånger per år",
			"Gemensam antibiotikarapport till Strama-grupperna"}},
		{"", "Hepatit C – eliminering", []string{"P1"}, []string{
			"Uppsökande testning inom beroendevården tillsammans med kommunerna"}},
	}},
	"Cancersjukdomar": {"NPO Cancersjukdomar", []areaText{
		{"Standardiserade vårdförlopp", "Kortare ledtider i standardiserade vårdförlopp", []string{"P2"}, []string{
			"Gemensam regional produktionsplanering för bild- och funktionsmedicin inom SVF",
			"Kontaktsjuksköterska och Min vårdplan för alla patienter med cancer",
			"Nivåstrukturering av esofagus- och ventrikelkirurgi till ett centrum i sjukvårdsregionen"}},
		{"Prevention och tidig upptäckt", "Screening för tjock- och ändtarmscancer", []string{"P1"}, []string{
			"Införa screeningprogrammet för tjock- och ändtarmscancer enligt nationell rekommendation"}},
	}},
	"Rörelseorganens sjukdomar": {"NPO Rörelseorganens sjukdomar", []areaText{
		{"Artros", "Artrosvård enligt nationellt vårdprogram", []string{"P2", "P3"}, []string{
			"Artrosskola digitalt och fysiskt i hela sjukvårdsregionen",
			"Samordnade operationsköer för höft- och knäplastik mellan regionerna"}},
		{"Höftfraktur", "Vårdförlopp höftfraktur", []string{"P4", "P5"}, []string{
			"Operation inom 24 timmar för patienter med höftfraktur"}},
	}},
	"Perioperativ vård, intensivvård och transplantation": {"NPO Perioperativ vård, intensivvård och transplantation", []areaText{
		{"", "Intensivvårdsplatser i samverkan", []string{"P2", "P5"}, []string{
			"Gemensam regional platskoordinering för intensivvård dygnet runt",
			"Uppföljningsmottagning efter intensivvård i alla tre regionerna"}},
		{"Donation", "Organdonation", []string{"P4"}, []string{
			"Utbildning av donationsansvariga läkare och sjuksköterskor"}},
	}},
	"Kvinnosjukdomar och förlossning": {"NPO Kvinnosjukdomar och förlossning", []areaText{
		{"Graviditet", "Säker förlossningsvård", []string{"P4"}, []string{
			"Gemensamma riktlinjer för bedömning av bristningar vid förlossning",
			"Regional uppföljning av andelen förlossningar med sfinkterskada"}},
		{"Endometrios", "Vård vid endometrios", []string{"P1", "P3"}, []string{
			"Införa vårdförloppet för endometrios med regionalt expertteam"}},
	}},
	"Psykisk hälsa": {"NPO Psykisk hälsa", []areaText{
		{"Suicidprevention", "Suicidprevention", []string{"P4", "P5"}, []string{
			"Strukturerad suicidriskbedömning och säkerhetsplan i all psykiatrisk öppen- och slutenvård",
			"Gemensam utbildning i suicidprevention för kommunernas socialtjänst och primärvården",
			"Uppföljning av suicid inom 30 dagar efter vårdkontakt med regional händelseanalys"}},
		{"Samsjuklighet", "Samsjuklighet – psykiatri och beroende", []string{"P5"}, []string{
			"Integrerade mottagningar för personer med samtidigt missbruk och psykisk sjukdom",
			"Gemensam vårdplan (SIP) med kommunerna för alla patienter med samsjuklighet"}},
	}},
	"Barn och ungdomars hälsa": {"NPO Barn och ungdomars hälsa", []areaText{
		{"Psykisk ohälsa hos barn", "Första linjens vård för barn och unga", []string{"P2", "P5"}, []string{
			"Gemensam modell för första linjen för barn och ungas psykiska hälsa",
			"Digitalt stöd till föräldrar till barn med adhd"}},
		{"", "Övervikt och fetma hos barn", []string{"P1"}, []string{
			"Regionalt vårdprogram för barn med obesitas inklusive familjebehandling"}},
	}},
	"Äldres hälsa": {"NPO Äldres hälsa", []areaText{
		{"Sköra äldre", "Sammanhållen vård för multisjuka äldre", []string{"P5"}, []string{
			"Mobila närsjukvårdsteam i samverkan med kommunerna",
			"Läkemedelsgenomgångar för personer över 75 år med fler än fem läkemedel"}},
		{"Demens", "Tidig demensutredning", []string{"P2", "P3"}, []string{
			"Basal demensutredning i primärvården enligt nationella riktlinjer"}},
	}},
	"Primärvård": {"NPO Primärvård", []areaText{
		{"", "Fast läkarkontakt", []string{"P5"}, []string{
			"Öka andelen listade med fast läkarkontakt i primärvården",
			"Gemensamma nyckeltal för kontinuitet i primärvården"}},
		{"Tillgänglighet", "Tillgänglighet i primärvården", []string{"P2"}, []string{
			"Digital första linje med gemensam triagering i regionerna"}},
	}},
	"Levnadsvanor": {"NPO Levnadsvanor", []areaText{
		{"Prevention", "Samtal om levnadsvanor", []string{"P1", "P4"}, []string{
			"Kvalificerat rådgivande samtal om tobak, alkohol, fysisk aktivitet och matvanor",
			"Fysisk aktivitet på recept (FaR) med gemensam uppföljning"}},
	}},
	"Rehabilitering, habilitering och försäkringsmedicin": {"NPO Rehabilitering, habilitering och försäkringsmedicin", []areaText{
		{"Sjukskrivning", "Sjukskrivningsprocessen", []string{"P3", "P5"}, []string{
			"Rehabkoordinatorer i alla vårdcentraler med gemensam kompetensutveckling",
			"Regional uppföljning av sjukskrivningslängd vid vanliga psykiska diagnoser"}},
		{"", "Habilitering för vuxna", []string{"P1"}, []string{
			"Likvärdigt utbud av habiliteringsinsatser i de tre regionerna"}},
	}},
	"Läkemedel och medicinteknik": {"NSG Läkemedel och medicinteknik", []areaText{
		{"Ordnat införande", "Ordnat införande av nya läkemedel", []string{"P1", "P4"}, []string{
			"Gemensam regional process för beslut om nya läkemedel efter NT-rådets rekommendationer",
			"Uppföljning av läkemedelskostnader per region med gemensam rapport"}},
	}},
	"Patientsäkerhet": {"NSG Patientsäkerhet", []areaText{
		{"", "Vårdskador", []string{"P4"}, []string{
			"Markörbaserad journalgranskning med gemensam metod i regionerna",
			"Trycksårsprevention med punktprevalensmätning två gånger per år",
			"Lärande av avvikelser över regiongränserna"}},
	}},
	"Uppföljning och analys": {"NSG Uppföljning och analys", []areaText{
		{"", "Gemensam uppföljning", []string{"P1"}, []string{
			"Gemensam datakatalog och indikatorer för sjukvårdsregionen",
			"Analysstöd till programområdena inför kunskapsråden"}},
	}},
}

// Texts used for the remaining fields, chosen by position so the samples vary.
var (
	schedules = []string{"2026–2027", "Hösten 2026", "Q1 2027", "2026-01 – 2026-12", "Löpande, delrapport juni 2026", "Start mars 2026, klart december 2027"}
	coops     = []string{"NPO, Kunskapsråd Medicin", "Kommunerna i länen och primärvården", "RPO Primärvård, RSG Patientsäkerhet", "Patientföreträdare och brukarorganisationer", "Vårdcentraler i alla tre regionerna"}
	methods   = []string{"Nationellt kvalitetsregister", "Journalgranskning, stickprov 2 ggr/år", "Enkät till verksamheterna", "Uppföljning i regionernas beslutsstöd", "Väntetidsdatabasen (SKR)"}
	indics    = []string{"Andel patienter enligt vårdförlopp", "Väntetid i dagar (median)", "Antal utbildade medarbetare", "Andel med dokumenterad vårdplan", "Antal vårdtillfällen per 1 000 invånare"}
	goals     = []string{"≥ 90 % senast december 2026", "Median ≤ 30 dagar", "Minst 200 utbildade i varje region", "Öka med 20 % jämfört med 2025", "≥ 80 % i alla tre regionerna", "Halvera skillnaden mellan regionerna"}
	results   = []string{"78 % (2026-09)", "Median 41 dagar, minskande", "146 utbildade hittills", "Ökning 12 %", "RJL 84 %, RKL 71 %, RÖ 79 %", ""}
	owners    = []string{"Registerhållare RJL", "Processledare RÖ", "Analysavdelningen", "RPO-ordförande", "Kvalitetsutvecklare RKL"}
	comments  = []string{
		"Arbetet går enligt plan. Gemensam arbetsgrupp med representanter från alla tre regionerna träffas varje månad.",
		"Förseningar i upphandlingen av it-stöd. Kräver samordning med regionernas it-förvaltningar för att hålla tidplanen.",
		"Brist på specialistsjuksköterskor i Region Kalmar län gör att införandet tar längre tid än planerat. Behov av ledningsstöd för att prioritera utbildningsplatser och för att komma överens om ersättning vid utlånad personal mellan regionerna.",
		"Framgångsfaktor: tydligt stöd från verksamhetscheferna. Hinder: olika journalsystem försvårar gemensam uppföljning.",
		"",
	}
	// supportComments ask for ledningsstöd, each for its own reason.
	supportComments = []string{
		"Brist på specialistsjuksköterskor i Region Kalmar län gör att införandet tar längre tid än planerat. Behov av ledningsstöd för att prioritera utbildningsplatser och för att komma överens om ersättning vid utlånad personal mellan regionerna.",
		"Regionerna har olika journalsystem och kan inte ta fram gemensamma uppgifter. Behov av ledningsstöd för ett beslut om gemensam datauttagsrutin.",
		"Finansieringen efter 2026 är oklar. Behöver beslut i Regionsjukvårdsledningen om fortsatt gemensam finansiering innan avtalen löper ut.",
		"Olika prioriteringar i verksamheterna gör att arbetet står still i en av regionerna. Behov av stöd från linjeledningen för att frigöra tid.",
	}
	consequences = [][3]string{
		{"Kortare väntetid och mer jämlik vård i sjukvårdsregionen.", "Nya arbetssätt kräver utbildning och viss omfördelning av tid.", "Gemensam uppföljning i kunskapsrådet."},
		{"Patienten får samma information oavsett region.", "Mindre dubbelarbete mellan enheterna.", ""},
		{"", "", ""},
	}
	impacts = []struct {
		impact string
		detail string
	}{
		{"Verksamhetsförändring", "Gemensam regional mottagning från 2027; bemanning från alla tre regionerna enligt överenskommen fördelning."},
		{"Finansiell förändring", "Beräknad kostnad 2,4 mnkr per år, fördelad efter invånarantal (RÖ 47 %, RJL 33 %, RKL 20 %)."},
		{"Arbetsfördelning/nivåstrukturering", "Koncentration av kirurgin till Universitetssjukhuset i Linköping; uppföljning lokalt."},
	}
)
