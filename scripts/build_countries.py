#!/usr/bin/env python
"""Build ``src/redline/data/actors/countries.json`` from pycountry plus a hand-written table.

pycountry (ISO 3166-1) is used only here, at generation time; the shipped JSON file
does not need it. For every ISO 3166-1 entry (plus Kosovo, XKX, which ISO has not
assigned) the output holds:

  code        ISO 3166-1 alpha-3 code
  name        the common English news name ("Russia", not "Russian Federation")
  sovereign   true for UN members, observer states (Holy See, Palestine), Taiwan and Kosovo
  names       every name/alias (canonical name first): the table's names, the usable
              pycountry names (official and common names; the "Korea, Republic of" style
              inverted forms are dropped), ASCII spellings of accented names, and the
              multi-word adjectives/demonyms ("North Korean", "Sri Lankans"), which a
              word-by-word adjective lookup cannot see
  adjectives  adjectival forms ("Turkish")
  demonyms    person nouns, singular and plural ("Turk", "Turks")
  capitals    the capital and, where different, the seat of government
  seats       buildings/institutions used by metonymy: {"name", "sector", ["role"], ["note"]}

Usage:  python scripts/build_countries.py [--check]
  --check  build in memory and compare with the file on disk (exit 1 if different)
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "redline" / "data" / "actors" / "countries.json"

# code | name | names | adjectives | demonyms | capitals     (lists separated by ";")
TABLE = """
ABW|Aruba||Aruban|Aruban;Arubans|Oranjestad
AFG|Afghanistan|Islamic Emirate of Afghanistan|Afghan|Afghan;Afghans|Kabul
AGO|Angola||Angolan|Angolan;Angolans|Luanda
AIA|Anguilla||Anguillian|Anguillian;Anguillians|
ALA|Åland Islands|Åland|Ålander|Ålander;Ålanders|Mariehamn
ALB|Albania||Albanian|Albanian;Albanians|Tirana;Tiranë
AND|Andorra||Andorran|Andorran;Andorrans|Andorra la Vella
ARE|United Arab Emirates|UAE;U.A.E.|Emirati|Emirati;Emiratis|Abu Dhabi
ARG|Argentina|Argentine Republic|Argentine;Argentinian;Argentinean|Argentine;Argentines;Argentinian;Argentinians|Buenos Aires
ARM|Armenia||Armenian|Armenian;Armenians|Yerevan
ASM|American Samoa||American Samoan|American Samoan;American Samoans|Pago Pago
ATA|Antarctica||||
ATF|French Southern Territories|French Southern and Antarctic Lands|||
ATG|Antigua and Barbuda|Antigua|Antiguan|Antiguan;Antiguans;Barbudan;Barbudans|St. John's;Saint John's
AUS|Australia|Commonwealth of Australia|Australian|Australian;Australians;Aussie;Aussies|Canberra
AUT|Austria||Austrian|Austrian;Austrians|Vienna
AZE|Azerbaijan||Azerbaijani;Azeri|Azerbaijani;Azerbaijanis;Azeri;Azeris|Baku
BDI|Burundi||Burundian|Burundian;Burundians|Gitega;Bujumbura
BEL|Belgium||Belgian|Belgian;Belgians|Brussels
BEN|Benin||Beninese|Beninese|Porto-Novo;Cotonou
BES|Bonaire, Sint Eustatius and Saba|Caribbean Netherlands;Bonaire;Sint Eustatius|||Kralendijk
BFA|Burkina Faso|Burkina|Burkinabe;Burkinabè|Burkinabe;Burkinabè|Ouagadougou
BGD|Bangladesh||Bangladeshi|Bangladeshi;Bangladeshis|Dhaka
BGR|Bulgaria||Bulgarian|Bulgarian;Bulgarians|Sofia
BHR|Bahrain||Bahraini|Bahraini;Bahrainis|Manama
BHS|Bahamas|The Bahamas|Bahamian|Bahamian;Bahamians|Nassau
BIH|Bosnia and Herzegovina|Bosnia;Bosnia-Herzegovina;Bosnia-Hercegovina;Bosnia and Hercegovina;BiH|Bosnian;Herzegovinian|Bosnian;Bosnians|Sarajevo
BLM|Saint Barthélemy|St. Barthélemy;St Barthélemy;Saint-Barthélemy;St Barts;St. Barts|||Gustavia
BLR|Belarus||Belarusian;Belarussian;Byelorussian|Belarusian;Belarusians;Belarussian;Belarussians|Minsk
BLZ|Belize||Belizean|Belizean;Belizeans|Belmopan
BMU|Bermuda||Bermudian|Bermudian;Bermudians|
BOL|Bolivia|Plurinational State of Bolivia|Bolivian|Bolivian;Bolivians|La Paz;Sucre
BRA|Brazil||Brazilian|Brazilian;Brazilians|Brasília
BRB|Barbados||Barbadian;Bajan|Barbadian;Barbadians;Bajan;Bajans|Bridgetown
BRN|Brunei|Brunei Darussalam;Nation of Brunei|Bruneian|Bruneian;Bruneians|Bandar Seri Begawan
BTN|Bhutan||Bhutanese|Bhutanese|Thimphu
BVT|Bouvet Island||||
BWA|Botswana||Botswanan;Batswana|Motswana;Batswana;Botswanan;Botswanans|Gaborone
CAF|Central African Republic|Centrafrique|Central African|Central African;Central Africans|Bangui
CAN|Canada||Canadian|Canadian;Canadians|Ottawa
CCK|Cocos (Keeling) Islands|Cocos Islands;Keeling Islands|||
CHE|Switzerland|Swiss Confederation|Swiss|Swiss|Bern;Berne
CHL|Chile||Chilean|Chilean;Chileans|Santiago
CHN|China|People's Republic of China;PRC;mainland China|Chinese|Chinese|Beijing
CIV|Ivory Coast|Côte d'Ivoire;Republic of Côte d'Ivoire|Ivorian;Ivoirian|Ivorian;Ivorians;Ivoirian;Ivoirians|Yamoussoukro;Abidjan
CMR|Cameroon||Cameroonian|Cameroonian;Cameroonians|Yaoundé
COD|Democratic Republic of the Congo|Democratic Republic of Congo;DR Congo;D.R. Congo;DRC;Congo-Kinshasa;Congo|Congolese|Congolese|Kinshasa
COG|Republic of the Congo|Republic of Congo;Congo Republic;Congo-Brazzaville;Congo Brazzaville|||Brazzaville
COK|Cook Islands|||Cook Islander;Cook Islanders|Avarua
COL|Colombia||Colombian|Colombian;Colombians|Bogotá
COM|Comoros|Union of the Comoros;Comoro Islands|Comoran;Comorian|Comoran;Comorans;Comorian;Comorians|Moroni
CPV|Cape Verde|Cabo Verde;Republic of Cabo Verde;Republic of Cape Verde|Cape Verdean;Cabo Verdean|Cape Verdean;Cape Verdeans;Cabo Verdean;Cabo Verdeans|Praia
CRI|Costa Rica||Costa Rican|Costa Rican;Costa Ricans|San José
CUB|Cuba||Cuban|Cuban;Cubans|Havana
CUW|Curaçao||Curaçaoan|Curaçaoan;Curaçaoans|Willemstad
CXR|Christmas Island||||Flying Fish Cove
CYM|Cayman Islands|Caymans|Caymanian|Caymanian;Caymanians|
CYP|Cyprus||Cypriot|Cypriot;Cypriots|Nicosia
CZE|Czech Republic|Czechia|Czech|Czech;Czechs|Prague
DEU|Germany|Federal Republic of Germany|German|German;Germans|Berlin
DJI|Djibouti||Djiboutian|Djiboutian;Djiboutians|Djibouti City
DMA|Dominica|Commonwealth of Dominica|||Roseau
DNK|Denmark||Danish|Dane;Danes|Copenhagen
DOM|Dominican Republic||Dominican|Dominican;Dominicans|Santo Domingo
DZA|Algeria||Algerian|Algerian;Algerians|Algiers
ECU|Ecuador||Ecuadorian;Ecuadorean|Ecuadorian;Ecuadorians;Ecuadorean;Ecuadoreans|Quito
EGY|Egypt||Egyptian|Egyptian;Egyptians|Cairo
ERI|Eritrea||Eritrean|Eritrean;Eritreans|Asmara
ESH|Western Sahara||Sahrawi;Saharawi|Sahrawi;Sahrawis;Saharawi;Saharawis|
ESP|Spain||Spanish|Spaniard;Spaniards|Madrid
EST|Estonia||Estonian|Estonian;Estonians|Tallinn
ETH|Ethiopia||Ethiopian|Ethiopian;Ethiopians|Addis Ababa
FIN|Finland||Finnish|Finn;Finns|Helsinki
FJI|Fiji||Fijian|Fijian;Fijians|Suva
FLK|Falkland Islands|Falklands;Malvinas;Islas Malvinas||Falkland Islander;Falkland Islanders;Falklander;Falklanders|
FRA|France|French Republic|French|Frenchman;Frenchmen;Frenchwoman;Frenchwomen|Paris
FRO|Faroe Islands|Faroes;Faeroe Islands;Faeroes|Faroese|Faroese|Tórshavn
FSM|Micronesia|Federated States of Micronesia|Micronesian|Micronesian;Micronesians|Palikir
GAB|Gabon||Gabonese|Gabonese|Libreville
GBR|United Kingdom|UK;U.K.;Britain;Great Britain;United Kingdom of Great Britain and Northern Ireland;England;Scotland;Wales;Northern Ireland|British;Scottish;Welsh;Northern Irish|Briton;Britons;Brit;Brits;Scot;Scots|London
GEO|Georgia||Georgian|Georgian;Georgians|Tbilisi
GGY|Guernsey|Bailiwick of Guernsey|||St Peter Port;St. Peter Port;Saint Peter Port
GHA|Ghana||Ghanaian|Ghanaian;Ghanaians|Accra
GIB|Gibraltar||Gibraltarian|Gibraltarian;Gibraltarians|
GIN|Guinea|Republic of Guinea;Guinea-Conakry|Guinean|Guinean;Guineans|Conakry
GLP|Guadeloupe||Guadeloupean|Guadeloupean;Guadeloupeans|Basse-Terre
GMB|Gambia|The Gambia|Gambian|Gambian;Gambians|Banjul
GNB|Guinea-Bissau||Bissau-Guinean|Bissau-Guinean;Bissau-Guineans|Bissau
GNQ|Equatorial Guinea||Equatorial Guinean;Equatoguinean|Equatorial Guinean;Equatorial Guineans;Equatoguinean;Equatoguineans|Malabo
GRC|Greece||Greek;Hellenic|Greek;Greeks|Athens
GRD|Grenada||Grenadian|Grenadian;Grenadians|St. George's;Saint George's
GRL|Greenland||Greenlandic|Greenlander;Greenlanders|Nuuk
GTM|Guatemala||Guatemalan|Guatemalan;Guatemalans|Guatemala City
GUF|French Guiana|Guyane|French Guianese|French Guianese|Cayenne
GUM|Guam||Guamanian|Guamanian;Guamanians|Hagåtña
GUY|Guyana|Co-operative Republic of Guyana|Guyanese|Guyanese|Georgetown
HKG|Hong Kong|Hong Kong SAR;Hong Kong Special Administrative Region||Hongkonger;Hongkongers;Hong Konger;Hong Kongers|
HMD|Heard Island and McDonald Islands||||
HND|Honduras||Honduran|Honduran;Hondurans|Tegucigalpa
HRV|Croatia||Croatian;Croat|Croat;Croats;Croatian;Croatians|Zagreb
HTI|Haiti||Haitian|Haitian;Haitians|Port-au-Prince
HUN|Hungary||Hungarian|Hungarian;Hungarians|Budapest
IDN|Indonesia||Indonesian|Indonesian;Indonesians|Jakarta
IMN|Isle of Man||Manx|Manx|
IND|India|Bharat|Indian|Indian;Indians|New Delhi
IOT|British Indian Ocean Territory|Chagos Islands;Chagos Archipelago;Diego Garcia|||
IRL|Ireland|Republic of Ireland;Éire|Irish|Irishman;Irishmen;Irishwoman;Irishwomen|Dublin
IRN|Iran|Islamic Republic of Iran;Islamic Republic|Iranian|Iranian;Iranians|Tehran;Teheran
IRQ|Iraq||Iraqi|Iraqi;Iraqis|Baghdad
ISL|Iceland||Icelandic|Icelander;Icelanders|Reykjavík
ISR|Israel|State of Israel|Israeli|Israeli;Israelis|Jerusalem
ITA|Italy||Italian|Italian;Italians|Rome
JAM|Jamaica||Jamaican|Jamaican;Jamaicans|Kingston
JEY|Jersey|Bailiwick of Jersey|||St Helier;St. Helier;Saint Helier
JOR|Jordan|Hashemite Kingdom of Jordan|Jordanian|Jordanian;Jordanians|Amman
JPN|Japan||Japanese|Japanese|Tokyo
KAZ|Kazakhstan|Kazakstan|Kazakh;Kazakhstani|Kazakh;Kazakhs;Kazakhstani;Kazakhstanis|Astana;Nur-Sultan
KEN|Kenya||Kenyan|Kenyan;Kenyans|Nairobi
KGZ|Kyrgyzstan|Kyrgyz Republic;Kirghizia|Kyrgyz;Kyrgyzstani|Kyrgyz;Kyrgyzstani;Kyrgyzstanis|Bishkek
KHM|Cambodia|Kingdom of Cambodia|Cambodian|Cambodian;Cambodians|Phnom Penh
KIR|Kiribati||I-Kiribati|I-Kiribati|South Tarawa;Tarawa
KNA|Saint Kitts and Nevis|St. Kitts and Nevis;St Kitts and Nevis;Saint Kitts;St. Kitts;St Kitts|Kittitian;Nevisian|Kittitian;Kittitians;Nevisian;Nevisians|Basseterre
KOR|South Korea|Republic of Korea;ROK|South Korean|South Korean;South Koreans|Seoul
KWT|Kuwait||Kuwaiti|Kuwaiti;Kuwaitis|Kuwait City
LAO|Laos|Lao PDR|Lao;Laotian|Lao;Laotian;Laotians|Vientiane
LBN|Lebanon||Lebanese|Lebanese|Beirut
LBR|Liberia||Liberian|Liberian;Liberians|Monrovia
LBY|Libya|State of Libya|Libyan|Libyan;Libyans|Tripoli
LCA|Saint Lucia|St. Lucia;St Lucia|Saint Lucian;St. Lucian;St Lucian|Saint Lucian;Saint Lucians;St. Lucian;St. Lucians;St Lucian;St Lucians|Castries
LIE|Liechtenstein||Liechtensteiner|Liechtensteiner;Liechtensteiners|Vaduz
LKA|Sri Lanka||Sri Lankan|Sri Lankan;Sri Lankans|Sri Jayawardenepura Kotte;Kotte;Colombo
LSO|Lesotho||Basotho|Mosotho;Basotho|Maseru
LTU|Lithuania||Lithuanian|Lithuanian;Lithuanians|Vilnius
LUX|Luxembourg||Luxembourgish;Luxembourgian|Luxembourger;Luxembourgers|Luxembourg City
LVA|Latvia||Latvian|Latvian;Latvians|Riga
MAC|Macau|Macao;Macau SAR;Macao SAR||Macanese|
MAF|Saint Martin|St. Martin;St Martin;Collectivity of Saint Martin|||Marigot
MAR|Morocco||Moroccan|Moroccan;Moroccans|Rabat
MCO|Monaco||Monegasque;Monégasque|Monegasque;Monegasques;Monégasque;Monégasques|
MDA|Moldova||Moldovan|Moldovan;Moldovans|Chișinău;Chisinau
MDG|Madagascar||Malagasy|Malagasy|Antananarivo
MDV|Maldives||Maldivian|Maldivian;Maldivians|Malé
MEX|Mexico||Mexican|Mexican;Mexicans|Mexico City
MHL|Marshall Islands||Marshallese|Marshallese|Majuro
MKD|North Macedonia|Macedonia;Former Yugoslav Republic of Macedonia;FYROM|Macedonian;North Macedonian|Macedonian;Macedonians;North Macedonians|Skopje
MLI|Mali||Malian|Malian;Malians|Bamako
MLT|Malta||Maltese|Maltese|Valletta
MMR|Myanmar|Burma;Republic of the Union of Myanmar|Burmese|Burmese|Naypyidaw;Nay Pyi Taw;Naypyitaw
MNE|Montenegro||Montenegrin|Montenegrin;Montenegrins|Podgorica
MNG|Mongolia||Mongolian|Mongolian;Mongolians|Ulaanbaatar;Ulan Bator
MNP|Northern Mariana Islands|Northern Marianas|||Saipan
MOZ|Mozambique||Mozambican|Mozambican;Mozambicans|Maputo
MRT|Mauritania||Mauritanian|Mauritanian;Mauritanians|Nouakchott
MSR|Montserrat||Montserratian|Montserratian;Montserratians|
MTQ|Martinique||Martinican|Martinican;Martinicans|Fort-de-France
MUS|Mauritius||Mauritian|Mauritian;Mauritians|Port Louis
MWI|Malawi||Malawian|Malawian;Malawians|Lilongwe
MYS|Malaysia||Malaysian|Malaysian;Malaysians|Kuala Lumpur;Putrajaya
MYT|Mayotte||Mahoran|Mahoran;Mahorans|Mamoudzou
NAM|Namibia||Namibian|Namibian;Namibians|Windhoek
NCL|New Caledonia||New Caledonian|New Caledonian;New Caledonians|Nouméa
NER|Niger|Republic of Niger|Nigerien|Nigerien;Nigeriens|Niamey
NFK|Norfolk Island||||
NGA|Nigeria|Niger Delta|Nigerian|Nigerian;Nigerians|Abuja
NIC|Nicaragua||Nicaraguan|Nicaraguan;Nicaraguans|Managua
NIU|Niue||Niuean|Niuean;Niueans|Alofi
NLD|Netherlands|Holland;The Netherlands|Dutch|Dutchman;Dutchmen;Dutchwoman;Dutchwomen|Amsterdam;The Hague
NOR|Norway||Norwegian|Norwegian;Norwegians|Oslo
NPL|Nepal||Nepali;Nepalese|Nepali;Nepalis;Nepalese|Kathmandu
NRU|Nauru||Nauruan|Nauruan;Nauruans|Yaren
NZL|New Zealand|Aotearoa|New Zealand|New Zealander;New Zealanders;Kiwi;Kiwis|Wellington
OMN|Oman||Omani|Omani;Omanis|Muscat
PAK|Pakistan||Pakistani|Pakistani;Pakistanis|Islamabad
PAN|Panama||Panamanian|Panamanian;Panamanians|Panama City
PCN|Pitcairn Islands|Pitcairn|||Adamstown
PER|Peru||Peruvian|Peruvian;Peruvians|Lima
PHL|Philippines|The Philippines|Philippine;Filipino|Filipino;Filipinos;Filipina;Filipinas|Manila
PLW|Palau||Palauan|Palauan;Palauans|Ngerulmud
PNG|Papua New Guinea||Papua New Guinean|Papua New Guinean;Papua New Guineans|Port Moresby
POL|Poland||Polish|Pole;Poles|Warsaw
PRI|Puerto Rico|Commonwealth of Puerto Rico|Puerto Rican|Puerto Rican;Puerto Ricans|San Juan
PRK|North Korea|DPRK;D.P.R.K.|North Korean|North Korean;North Koreans|Pyongyang
PRT|Portugal||Portuguese|Portuguese|Lisbon
PRY|Paraguay||Paraguayan|Paraguayan;Paraguayans|Asunción
PSE|Palestine|State of Palestine;Palestinian territories;Palestinian territory;occupied Palestinian territories;occupied Palestinian territory;Gaza;Gaza Strip;Gaza City;West Bank;East Jerusalem|Palestinian|Palestinian;Palestinians;Gazan;Gazans|Ramallah
PYF|French Polynesia|Tahiti|French Polynesian|French Polynesian;French Polynesians|Papeete
QAT|Qatar||Qatari|Qatari;Qataris|Doha
REU|Réunion|La Réunion;Reunion Island;Réunion Island|Réunionese|Réunionese|
ROU|Romania||Romanian|Romanian;Romanians|Bucharest
RUS|Russia|Russian Federation|Russian|Russian;Russians|Moscow
RWA|Rwanda|Republic of Rwanda|Rwandan;Rwandese|Rwandan;Rwandans;Rwandese|Kigali
SAU|Saudi Arabia|Kingdom of Saudi Arabia;KSA|Saudi;Saudi Arabian|Saudi;Saudis;Saudi Arabian;Saudi Arabians|Riyadh
SDN|Sudan|Republic of Sudan|Sudanese|Sudanese|Khartoum;Port Sudan
SEN|Senegal||Senegalese|Senegalese|Dakar
SGP|Singapore||Singaporean|Singaporean;Singaporeans|
SGS|South Georgia and the South Sandwich Islands|South Georgia|||
SHN|Saint Helena|Saint Helena, Ascension and Tristan da Cunha;St Helena;St. Helena;Ascension Island;Tristan da Cunha|Saint Helenian|Saint Helenian;Saint Helenians|
SJM|Svalbard and Jan Mayen|Svalbard;Jan Mayen|||Longyearbyen
SLB|Solomon Islands|Solomons|Solomon Islands|Solomon Islander;Solomon Islanders|Honiara
SLE|Sierra Leone||Sierra Leonean|Sierra Leonean;Sierra Leoneans|Freetown
SLV|El Salvador||Salvadoran;Salvadorean|Salvadoran;Salvadorans;Salvadorean;Salvadoreans|San Salvador
SMR|San Marino||Sammarinese|Sammarinese|City of San Marino
SOM|Somalia||Somali|Somali;Somalis|Mogadishu
SPM|Saint Pierre and Miquelon|St. Pierre and Miquelon;St Pierre and Miquelon|||Saint-Pierre
SRB|Serbia||Serbian;Serb|Serb;Serbs;Serbian;Serbians|Belgrade
SSD|South Sudan||South Sudanese|South Sudanese|Juba
STP|São Tomé and Príncipe|São Tomé and Principe|Santomean;São Toméan|Santomean;Santomeans;São Toméan;São Toméans|São Tomé
SUR|Suriname|Surinam|Surinamese|Surinamese;Surinamer;Surinamers|Paramaribo
SVK|Slovakia||Slovak;Slovakian|Slovak;Slovaks;Slovakian;Slovakians|Bratislava
SVN|Slovenia||Slovenian;Slovene|Slovenian;Slovenians;Slovene;Slovenes|Ljubljana
SWE|Sweden||Swedish|Swede;Swedes|Stockholm
SWZ|Eswatini|Swaziland;Kingdom of Swaziland|Swazi|Swazi;Swazis;Emaswati|Mbabane;Lobamba
SXM|Sint Maarten|St. Maarten;St Maarten|Sint Maartener|Sint Maartener;Sint Maarteners|Philipsburg
SYC|Seychelles||Seychellois|Seychellois|
SYR|Syria||Syrian|Syrian;Syrians|Damascus
TCA|Turks and Caicos Islands|Turks and Caicos|||Cockburn Town
TCD|Chad||Chadian|Chadian;Chadians|N'Djamena;Ndjamena
TGO|Togo||Togolese|Togolese|Lomé
THA|Thailand||Thai|Thai;Thais|Bangkok
TJK|Tajikistan||Tajik;Tajikistani|Tajik;Tajiks;Tajikistani;Tajikistanis|Dushanbe
TKL|Tokelau||Tokelauan|Tokelauan;Tokelauans|
TKM|Turkmenistan||Turkmen|Turkmen;Turkmens|Ashgabat;Ashkhabad
TLS|East Timor|Timor-Leste;Democratic Republic of Timor-Leste|Timorese;East Timorese|Timorese;East Timorese|Dili
TON|Tonga||Tongan|Tongan;Tongans|Nukuʻalofa;Nuku'alofa
TTO|Trinidad and Tobago|Trinidad|Trinidadian;Tobagonian|Trinidadian;Trinidadians;Tobagonian;Tobagonians|Port of Spain;Port-of-Spain
TUN|Tunisia||Tunisian|Tunisian;Tunisians|Tunis
TUR|Turkey|Türkiye;Republic of Turkey|Turkish|Turk;Turks|Ankara
TUV|Tuvalu||Tuvaluan|Tuvaluan;Tuvaluans|Funafuti
TWN|Taiwan|Republic of China;ROC;Chinese Taipei|Taiwanese|Taiwanese|Taipei
TZA|Tanzania|United Republic of Tanzania|Tanzanian|Tanzanian;Tanzanians|Dodoma
UGA|Uganda||Ugandan|Ugandan;Ugandans|Kampala
UKR|Ukraine||Ukrainian|Ukrainian;Ukrainians|Kyiv;Kiev
UMI|United States Minor Outlying Islands||||
URY|Uruguay|Oriental Republic of Uruguay|Uruguayan|Uruguayan;Uruguayans|Montevideo
USA|United States|United States of America;U.S.;US;U.S.A.;USA;America;New Mexico;New Jersey;Washington state|American|American;Americans|Washington;Washington, D.C.;Washington D.C.;Washington DC
UZB|Uzbekistan||Uzbek;Uzbekistani|Uzbek;Uzbeks;Uzbekistani;Uzbekistanis|Tashkent
VAT|Holy See|Vatican;Vatican City;Vatican City State|Vatican||
VCT|Saint Vincent and the Grenadines|St. Vincent and the Grenadines;St Vincent and the Grenadines;Saint Vincent;St. Vincent;St Vincent|Vincentian|Vincentian;Vincentians|Kingstown
VEN|Venezuela|Bolivarian Republic of Venezuela|Venezuelan|Venezuelan;Venezuelans|Caracas
VGB|British Virgin Islands||British Virgin Islander|British Virgin Islander;British Virgin Islanders|Road Town
VIR|United States Virgin Islands|U.S. Virgin Islands;US Virgin Islands|U.S. Virgin Islander|U.S. Virgin Islander;U.S. Virgin Islanders|Charlotte Amalie
VNM|Vietnam|Viet Nam;Socialist Republic of Vietnam|Vietnamese|Vietnamese|Hanoi
VUT|Vanuatu||Ni-Vanuatu|Ni-Vanuatu|Port Vila
WLF|Wallis and Futuna|Wallis and Futuna Islands|||Mata-Utu
WSM|Samoa|Independent State of Samoa|Samoan|Samoan;Samoans|Apia
XKX|Kosovo|Republic of Kosovo|Kosovar;Kosovan|Kosovar;Kosovars;Kosovan;Kosovans|Pristina;Prishtina;Priština
YEM|Yemen||Yemeni;Yemenite|Yemeni;Yemenis|Sanaa;Sana'a;Aden
ZAF|South Africa||South African|South African;South Africans|Pretoria;Cape Town
ZMB|Zambia||Zambian|Zambian;Zambians|Lusaka
ZWE|Zimbabwe||Zimbabwean|Zimbabwean;Zimbabweans|Harare
"""

# Institutions and buildings that stand for a government (metonymy).
SEATS: dict[str, list[dict]] = {
    "ARG": [{"name": "Casa Rosada", "sector": "GOV", "role": "presidency"}],
    "BRA": [
        {"name": "Planalto", "sector": "GOV", "role": "presidency"},
        {"name": "Planalto Palace", "sector": "GOV", "role": "presidency"},
        {"name": "Itamaraty", "sector": "GOV", "role": "foreign ministry"},
    ],
    "CAN": [{"name": "Parliament Hill", "sector": "LEG"}],
    "CHN": [
        {"name": "Zhongnanhai", "sector": "GOV"},
        {"name": "National People's Congress", "sector": "LEG"},
    ],
    "DEU": [
        {"name": "Bundestag", "sector": "LEG"},
        {"name": "Auswärtiges Amt", "sector": "GOV", "role": "foreign ministry"},
    ],
    "DNK": [{"name": "Folketing", "sector": "LEG"}],
    "ESP": [
        {"name": "Moncloa", "sector": "GOV", "role": "prime minister's office"},
        {"name": "La Moncloa", "sector": "GOV", "role": "prime minister's office"},
        {"name": "Cortes Generales", "sector": "LEG"},
    ],
    "FIN": [{"name": "Eduskunta", "sector": "LEG"}],
    "FRA": [
        {"name": "Élysée", "sector": "GOV", "role": "presidency"},
        {"name": "Élysée Palace", "sector": "GOV", "role": "presidency"},
        {"name": "Quai d'Orsay", "sector": "GOV", "role": "foreign ministry"},
        {"name": "Matignon", "sector": "GOV", "role": "prime minister's office"},
        {"name": "Hôtel Matignon", "sector": "GOV", "role": "prime minister's office"},
        {"name": "Palais Bourbon", "sector": "LEG"},
        {"name": "Assemblée nationale", "sector": "LEG"},
    ],
    "GBR": [
        {"name": "Downing Street", "sector": "GOV", "role": "prime minister's office"},
        {"name": "Whitehall", "sector": "GOV"},
        {"name": "Westminster", "sector": "LEG"},
        {"name": "House of Lords", "sector": "LEG"},
        {"name": "Home Office", "sector": "GOV", "role": "interior ministry"},
        {"name": "Foreign, Commonwealth and Development Office", "sector": "GOV", "role": "foreign ministry"},
        {"name": "FCDO", "sector": "GOV", "role": "foreign ministry"},
        {"name": "Scotland Yard", "sector": "COP"},
        {"name": "Buckingham Palace", "sector": "ELI", "role": "royal household"},
    ],
    "IND": [
        {"name": "South Block", "sector": "GOV"},
        {"name": "Raisina Hill", "sector": "GOV"},
        {"name": "Lok Sabha", "sector": "LEG"},
        {"name": "Rajya Sabha", "sector": "LEG"},
    ],
    "IRL": [
        {"name": "Dáil", "sector": "LEG"},
        {"name": "Dáil Éireann", "sector": "LEG"},
        {"name": "Oireachtas", "sector": "LEG"},
        {"name": "Leinster House", "sector": "LEG"},
    ],
    "IRN": [
        {"name": "Islamic Consultative Assembly", "sector": "LEG"},
    ],
    "ISL": [{"name": "Althing", "sector": "LEG"}],
    "ISR": [
        {"name": "Knesset", "sector": "LEG"},
        {"name": "Kirya", "sector": "MIL", "role": "defense ministry"},
        {"name": "HaKirya", "sector": "MIL", "role": "defense ministry"},
        {"name": "Tel Aviv", "sector": "GOV",
         "note": "not the capital (Jerusalem); commonly used metonymically for the Israeli government"},
    ],
    "ITA": [
        {"name": "Palazzo Chigi", "sector": "GOV", "role": "prime minister's office"},
        {"name": "Farnesina", "sector": "GOV", "role": "foreign ministry"},
        {"name": "Quirinale", "sector": "GOV", "role": "presidency"},
        {"name": "Quirinal Palace", "sector": "GOV", "role": "presidency"},
    ],
    "JPN": [
        {"name": "Kantei", "sector": "GOV", "role": "prime minister's office"},
        {"name": "National Diet", "sector": "LEG"},
    ],
    "KOR": [
        {"name": "Blue House", "sector": "GOV", "role": "presidency"},
        {"name": "Cheong Wa Dae", "sector": "GOV", "role": "presidency"},
    ],
    "LBN": [{"name": "Baabda Palace", "sector": "GOV", "role": "presidency"}],
    "NOR": [{"name": "Storting", "sector": "LEG"}, {"name": "Stortinget", "sector": "LEG"}],
    "POL": [{"name": "Sejm", "sector": "LEG"}],
    "RUS": [
        {"name": "Kremlin", "sector": "GOV"},
        {"name": "State Duma", "sector": "LEG"},
        {"name": "Duma", "sector": "LEG"},
        {"name": "Federation Council", "sector": "LEG"},
        {"name": "Lubyanka", "sector": "SPY"},
    ],
    "SWE": [{"name": "Riksdag", "sector": "LEG"}],
    "TUR": [{"name": "Grand National Assembly", "sector": "LEG"}],
    "UKR": [
        {"name": "Verkhovna Rada", "sector": "LEG"},
        {"name": "Rada", "sector": "LEG"},
        {"name": "Bankova", "sector": "GOV", "role": "presidency"},
    ],
    "USA": [
        {"name": "White House", "sector": "GOV"},
        {"name": "Oval Office", "sector": "GOV"},
        {"name": "Pentagon", "sector": "MIL", "role": "defense ministry"},
        {"name": "Department of Defense", "sector": "MIL", "role": "defense ministry"},
        {"name": "Defense Department", "sector": "MIL", "role": "defense ministry"},
        {"name": "Department of War", "sector": "MIL", "role": "defense ministry"},
        {"name": "War Department", "sector": "MIL", "role": "defense ministry"},
        {"name": "State Department", "sector": "GOV", "role": "foreign ministry"},
        {"name": "Department of State", "sector": "GOV", "role": "foreign ministry"},
        {"name": "Foggy Bottom", "sector": "GOV", "role": "foreign ministry"},
        {"name": "Treasury Department", "sector": "GOV", "role": "finance ministry"},
        {"name": "Department of the Treasury", "sector": "GOV", "role": "finance ministry"},
        {"name": "Justice Department", "sector": "GOV", "role": "justice ministry"},
        {"name": "Department of Justice", "sector": "GOV", "role": "justice ministry"},
        {"name": "Department of Homeland Security", "sector": "GOV", "role": "homeland security department"},
        {"name": "Homeland Security Department", "sector": "GOV", "role": "homeland security department"},
        {"name": "Capitol Hill", "sector": "LEG"},
        {"name": "U.S. Congress", "sector": "LEG"},
        {"name": "US Congress", "sector": "LEG"},
        {"name": "United States Congress", "sector": "LEG"},
        {"name": "U.S. Senate", "sector": "LEG"},
        {"name": "US Senate", "sector": "LEG"},
        {"name": "U.S. House of Representatives", "sector": "LEG"},
        {"name": "US House of Representatives", "sector": "LEG"},
        {"name": "U.S. Supreme Court", "sector": "JUD"},
        {"name": "US Supreme Court", "sector": "JUD"},
    ],
    "VEN": [
        {"name": "Miraflores", "sector": "GOV", "role": "presidency"},
        {"name": "Miraflores Palace", "sector": "GOV", "role": "presidency"},
    ],
}

# pycountry names that must not be used for a code (ambiguous or wrong in news use).
DROP: dict[str, set[str]] = {
    "COG": {"Congo"},  # in news "Congo" mostly means the DRC; kept for COD only
    "URY": {"Eastern Republic of Uruguay"},  # pycountry's rendering; "Oriental Republic" is usual
    "MMR": {"Republic of Myanmar"},  # the official name is "Republic of the Union of Myanmar"
}

# ASCII spellings never to add automatically (they are ordinary English words).
NO_FOLD = {"Male", "Reunion"}

# Not sovereign states (ISO 3166-1 entries that are dependencies, territories or areas).
TERRITORIES = {
    "ABW", "AIA", "ALA", "ASM", "ATA", "ATF", "BES", "BLM", "BMU", "BVT", "CCK", "COK", "CUW", "CXR",
    "CYM", "ESH", "FLK", "FRO", "GGY", "GIB", "GLP", "GRL", "GUF", "GUM", "HKG", "HMD", "IMN", "IOT",
    "JEY", "MAC", "MAF", "MNP", "MSR", "MTQ", "MYT", "NCL", "NFK", "NIU", "PCN", "PRI", "PYF", "REU",
    "SGS", "SHN", "SJM", "SPM", "SXM", "TCA", "TKL", "UMI", "VGB", "VIR", "WLF",
}

# Entries ISO 3166-1 does not (yet) assign: Kosovo uses the EU/IMF user-assigned code.
EXTRA_CODES = {"XKX"}


def fold(text: str) -> str:
    """ASCII spelling: strip accents, turn the okina and typographic apostrophes into "'"."""
    text = text.replace("ʻ", "'").replace("’", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def split(field: str) -> list[str]:
    return [x.strip() for x in field.split(";") if x.strip()]


def unique(items) -> list[str]:
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def with_folded(items: list[str]) -> list[str]:
    out = []
    for item in items:
        out.append(item)
        folded = fold(item)
        if folded != item and folded not in NO_FOLD:
            out.append(folded)
    return unique(out)


def pycountry_names(country) -> list[str]:
    names = []
    for attr in ("name", "official_name", "common_name"):
        value = getattr(country, attr, None)
        if not value:
            continue
        if value.lower().startswith("the "):
            value = value[4:]
        if "," in value or "(" in value:
            continue  # "Korea, Republic of", "Holy See (Vatican City State)": not news spellings
        names.append(value)
    return names


def parse_table() -> dict[str, dict]:
    rows = {}
    for line in TABLE.strip().splitlines():
        parts = line.split("|")
        if len(parts) != 6:
            raise SystemExit(f"bad table row (need 6 fields): {line!r}")
        code, name, names, adjectives, demonyms, capitals = parts
        if code in rows:
            raise SystemExit(f"duplicate table row for {code}")
        rows[code] = {
            "name": name.strip(),
            "names": split(names),
            "adjectives": split(adjectives),
            "demonyms": split(demonyms),
            "capitals": split(capitals),
        }
    return rows


def build() -> list[dict]:
    import pycountry

    rows = parse_table()
    iso = {c.alpha_3: c for c in pycountry.countries}
    codes = set(iso) | EXTRA_CODES
    missing = sorted(codes - set(rows))
    unknown = sorted(set(rows) - codes)
    if missing or unknown:
        raise SystemExit(f"table/pycountry mismatch: missing rows {missing}, unknown codes {unknown}")
    for code in set(SEATS) | set(DROP) | TERRITORIES:
        if code not in codes:
            raise SystemExit(f"unknown code {code}")

    out = []
    for code in sorted(codes):
        row = rows[code]
        from_iso = pycountry_names(iso[code]) if code in iso else []
        from_iso = [n for n in from_iso if n not in DROP.get(code, set())]
        multiword = [w for w in row["adjectives"] + row["demonyms"] if len(w.replace("-", " ").split()) > 1]
        names = with_folded([row["name"], *row["names"], *from_iso, *multiword])
        seats = []
        for seat in SEATS.get(code, []):
            seats.append(seat)
            folded = fold(seat["name"])
            if folded != seat["name"]:
                seats.append({**seat, "name": folded})
        out.append({
            "code": code,
            "name": row["name"],
            "sovereign": code not in TERRITORIES,
            "names": names,
            "adjectives": unique(row["adjectives"]),
            "demonyms": unique(row["demonyms"]),
            "capitals": with_folded(row["capitals"]),
            "seats": seats,
        })
    return out


def dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the file on disk instead of writing")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    text = dump(build())
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{args.out} differs from a fresh build")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
