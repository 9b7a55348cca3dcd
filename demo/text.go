package demo

import "github.com/rapporthq/rapport"

// Everything here is fictional, written for the demo. Any resemblance to real
// people is a coincidence.

var clientNames = map[string][]namePronoun{
	"English": {
		{"Ana", "she/her"}, {"Marcus", "he/him"}, {"Denise", "she/her"}, {"Tyrell", "he/him"}, {"Kayla", "she/her"},
		{"Robert", "he/him"}, {"Shanice", "she/her"}, {"Eli", "he/him"}, {"Brenda", "she/her"}, {"Curtis", "he/him"},
		{"Jasmine", "she/her"}, {"Walt", "he/him"}, {"Tamika", "she/her"}, {"Devon", "he/him"}, {"Crystal", "she/her"},
		{"Frank", "he/him"}, {"Naomi", "she/her"}, {"Andre", "he/him"}, {"Lorraine", "she/her"}, {"Cody", "he/him"},
		{"Rae", "they/them"}, {"Dominique", "she/her"}, {"Terrence", "he/him"}, {"Holly", "she/her"}, {"Jamal", "he/him"},
		{"Peggy", "she/her"}, {"Skyler", "they/them"}, {"Monique", "she/her"}, {"Leon", "he/him"}, {"Tasha", "she/her"},
		{"Harold", "he/him"}, {"Brianna", "she/her"}, {"Wes", "he/him"}, {"Gloria", "she/her"}, {"Darnell", "he/him"},
		{"Amber", "she/her"}, {"Ray", "he/him"}, {"Keisha", "she/her"}, {"Dale", "he/him"}, {"River", "they/them"},
		{"Joanne", "she/her"}, {"Malik", "he/him"}, {"Sheila", "she/her"}, {"Travis", "he/him"}, {"Vonda", "she/her"},
		{"Bobby", "he/him"}, {"Lena", "she/her"}, {"Nate", "he/him"}, {"Patrice", "she/her"}, {"Quinn", "they/them"},
	},
	"Spanish": {
		{"Lucía", "she/her"}, {"José", "he/him"}, {"Marisol", "she/her"}, {"Alejandro", "he/him"}, {"Carmen", "she/her"},
		{"Miguel", "he/him"}, {"Rosa", "she/her"}, {"Luis", "he/him"}, {"Guadalupe", "she/her"}, {"Esteban", "he/him"},
		{"Yesenia", "she/her"}, {"Ramón", "he/him"}, {"Beatriz", "she/her"}, {"Héctor", "he/him"},
	},
	"Vietnamese":     {{"Linh", "she/her"}, {"Minh", "he/him"}, {"Thảo", "she/her"}},
	"Somali":         {{"Hodan", "she/her"}, {"Abdi", "he/him"}, {"Ifrah", "she/her"}},
	"Arabic":         {{"Amira", "she/her"}, {"Yusuf", "he/him"}, {"Samir", "he/him"}},
	"Haitian Creole": {{"Widline", "she/her"}, {"Jean-Marc", "he/him"}, {"Nadège", "she/her"}},
	"Tagalog":        {{"Rosalind", "she/her"}, {"Jomar", "he/him"}},
	"ASL":            {{"Casey", "they/them"}, {"Morgan", "she/her"}},
}

var contactTimes = []string{
	"weekday mornings", "after 3pm, when the kids are home from school", "any time, but text first",
	"not before 10am", "Tuesdays and Thursdays", "evenings after work", "mornings before the clinic opens",
	"weekdays, not Fridays", "lunchtime is best", "any time; leave a voicemail if I don't pick up",
}

var whatMatters = [2][]string{
	{ // Eastside Housing & Health
		"Keeping a roof over my kids' heads. Everything else comes after that.",
		"Being able to stay in my own place and not end up in a nursing home.",
		"I want my sugar under control so I can see my grandson graduate.",
		"Having a door I can lock. I haven't had that in two years.",
		"Getting back to work. I feel like myself when I'm working.",
		"My dog. Any housing has to take Biscuit too.",
		"Not being treated like a number when I go to the clinic.",
		"Cooking real food again instead of whatever the shelter has.",
		"My church family and getting to Sunday service.",
		"Being close to my daughter so she can help me with my legs.",
		"Paying my bills on time so I can stop worrying every night.",
		"Feeling safe where I sleep.",
	},
	{ // Recovery Support
		"Staying clean for my son's birthday in June. He's turning ten.",
		"Getting my license back so I can drive for work again.",
		"People treating me like a person and not like my history.",
		"My kids. I want them to be proud of me.",
		"Finishing my GED. I was two tests away before everything fell apart.",
		"Having one day at a time go right. Then another one.",
		"Getting my anxiety down enough to go to the grocery store by myself.",
		"My recovery group. Those people saved my life.",
		"Making amends with my mom before it's too late.",
		"Working with my hands again. I used to be a good carpenter.",
		"Sleeping through the night without the nightmares.",
		"Not going back to jail. I'm done with that life.",
	},
}

var strengths = []string{
	"Loyal friend", "Resourceful", "Funny, keeps people laughing", "Devoted parent", "Good cook", "Keeps appointments",
	"Honest about setbacks", "Strong faith", "Great with kids", "Hard worker", "Knows the bus system inside out",
	"Creative, draws and paints", "Keeps a detailed calendar", "Supportive sister nearby", "Speaks two languages",
	"Persistent", "Asks for help when needed", "Plays guitar", "Volunteers at the food pantry", "Good at fixing things",
	"Reflective, journals every day", "Green thumb, tends a community garden plot", "Patient", "Advocates for others",
}

var diagnoses = [2][]string{
	{
		"Type 2 diabetes", "Congestive heart failure", "COPD", "Hypertension; chronic kidney disease stage 3",
		"Type 2 diabetes; depression", "Chronic back pain after a workplace injury", "Asthma",
		"HIV, well controlled", "Post-stroke mobility limits", "Hepatitis C, in treatment",
	},
	{
		"Opioid use disorder, on buprenorphine", "Alcohol use disorder", "Methamphetamine use disorder",
		"PTSD; alcohol use disorder", "Bipolar I disorder", "Major depressive disorder; opioid use disorder, in remission",
		"Generalized anxiety disorder", "Schizoaffective disorder", "Cannabis use disorder; depression",
		"Opioid use disorder, on methadone",
	},
}

var needNotes = map[rapport.NeedDomain][]string{
	rapport.NeedHealth:        {"Sees the clinic every three months; misses some because of transport.", "Wants a doctor who explains things slowly.", "Managing several medications; a pill organiser helps.", "Dental pain for months, no dentist yet."},
	rapport.NeedHousing:       {"Staying with a cousin, can stay until the end of the month.", "Behind on rent; eviction notice received.", "In a shelter; on the waitlist for supportive housing.", "Apartment has mould; landlord slow to respond."},
	rapport.NeedFood:          {"Runs out of food the last week of the month.", "Uses the food pantry on Tuesdays.", "SNAP benefits lapsed; re-application started.", "Needs a diabetic-friendly food box."},
	rapport.NeedMoney:         {"Waiting on a disability decision.", "Lost job in the spring; unemployment ends soon.", "Owes a medical bill that is in collections.", "Would like help with a monthly budget."},
	rapport.NeedTransport:     {"No car; two buses to the clinic.", "Uses Medicaid rides but they are often late.", "Bike was stolen last month.", "License suspended; working to restore it."},
	rapport.NeedSafety:        {"Ex-partner has made threats; safety plan in place.", "Neighbourhood feels unsafe at night.", "Was robbed at the shelter.", "Lives alone and has fallen twice this year."},
	rapport.NeedSocialSupport: {"Close to a sister who lives nearby.", "Lost touch with family; would like to reconnect.", "Goes to a peer support group on Wednesdays.", "Feels isolated since moving."},
	rapport.NeedSubstanceUse:  {"Sixty days without alcohol; goes to meetings.", "On buprenorphine; wants to keep the dose steady.", "Using less than before; wants to cut down further.", "A return to use last month after a loss."},
	rapport.NeedMentalHealth:  {"Sees a therapist every two weeks.", "Panic attacks on crowded buses.", "Low mood since the winter; sleeping a lot.", "Hears voices at times; knows the early signs."},
}

var needPhrase = map[rapport.NeedDomain]string{
	rapport.NeedHealth: "health", rapport.NeedHousing: "housing", rapport.NeedFood: "food",
	rapport.NeedMoney: "money", rapport.NeedTransport: "getting around", rapport.NeedSafety: "safety",
	rapport.NeedSocialSupport: "support from people", rapport.NeedSubstanceUse: "recovery",
	rapport.NeedMentalHealth: "mental health",
}

type stepT struct{ text, who string } // who: "cm" for the case manager, "" for the client

type goalT struct {
	words, short string
	steps        []stepT
}

var goalsByDomain = map[rapport.NeedDomain][]goalT{
	rapport.NeedHealth: {
		{"I want to get my sugar numbers down so I don't lose my feet like my dad did.", "get my sugar down", []stepT{{"Check sugar every morning and write it down", ""}, {"Sign up for the diabetes class at the clinic", "cm"}, {"Ask about a cheaper glucose meter", "clinic nurse"}}},
		{"I want to breathe well enough to walk to the park with my grandkids.", "walk to the park with my grandkids", []stepT{{"Get my inhaler refilled on time", "pharmacist"}, {"Walk to the corner and back three times a week", ""}, {"Go to pulmonary rehab intake", "cm"}}},
		{"Find a dentist who will take my insurance and fix this tooth.", "get this tooth fixed", []stepT{{"Call the dental school clinic", "cm"}, {"Get a ride to the appointment", "my sister"}}},
	},
	rapport.NeedHousing: {
		{"I want my own place where my kids can visit on weekends.", "get my own place", []stepT{{"Finish the housing application", "cm"}, {"Get my ID and birth certificate", ""}, {"Visit two apartments", "housing navigator"}}},
		{"Stay in my apartment. I am not going back to the shelter.", "stay in my apartment", []stepT{{"Apply for emergency rent help", "cm"}, {"Talk to the landlord about a payment plan", "legal aid"}, {"Set aside rent money from each check", ""}}},
		{"Get the landlord to fix the mould so my son can stop coughing.", "get the mould fixed", []stepT{{"Write down every time I asked for repairs", ""}, {"File a complaint with code enforcement", "cm"}}},
	},
	rapport.NeedFood: {
		{"Not run out of food at the end of the month.", "not run out of food", []stepT{{"Re-apply for SNAP", "cm"}, {"Go to the Tuesday pantry", ""}, {"Learn a few cheap recipes", "community kitchen"}}},
		{"Eat better so my blood pressure comes down.", "eat better", []stepT{{"Get on the medically tailored meals list", "cm"}, {"Cook at home three nights a week", ""}}},
	},
	rapport.NeedMoney: {
		{"Get my disability approved so I can stop borrowing from my mother.", "get my disability approved", []stepT{{"Gather the medical records", "cm"}, {"Go to the hearing prep session", "benefits advocate"}}},
		{"Make a budget I can actually stick to.", "stick to a budget", []stepT{{"Write down what I spend for two weeks", ""}, {"Meet the financial coach", "cm"}}},
		{"Find a job with regular hours.", "find a steady job", []stepT{{"Update my resume", "job coach"}, {"Apply to three places a week", ""}}},
	},
	rapport.NeedTransport: {
		{"Get to my appointments without two hours on the bus.", "get to appointments", []stepT{{"Set up Medicaid rides", "cm"}, {"Get a reduced-fare bus pass", ""}}},
		{"Get my license back.", "get my license back", []stepT{{"Pay the reinstatement fee in parts", ""}, {"Find out what the court still needs", "cm"}}},
	},
	rapport.NeedSafety: {
		{"Feel safe in my own home again.", "feel safe at home", []stepT{{"Make a safety plan", "cm"}, {"Talk to the advocate about a protective order", "DV advocate"}, {"Change the locks", "landlord"}}},
		{"Stop falling when I get up at night.", "stop falling", []stepT{{"Get a home safety check", "occupational therapist"}, {"Put night lights in the hallway", "my son"}}},
	},
	rapport.NeedSocialSupport: {
		{"Have someone to call when things get bad at night.", "have someone to call", []stepT{{"Try the Wednesday peer group", ""}, {"Save the warmline number in my phone", "cm"}}},
		{"Reconnect with my brother.", "reconnect with my brother", []stepT{{"Write him a letter", ""}, {"Talk through what I want to say", "cm"}}},
	},
	rapport.NeedSubstanceUse: {
		{"Stay sober through the holidays.", "stay sober", []stepT{{"Go to three meetings a week", ""}, {"Call my sponsor every day", "my sponsor"}, {"Plan what to do at the family dinner", "cm"}}},
		{"Keep my dose steady and stop using on the side.", "stop using on the side", []stepT{{"Keep every clinic appointment", ""}, {"Talk to the prescriber about cravings", "cm"}}},
		{"Cut down to weekends only, then see.", "cut down", []stepT{{"Track how much I use each day", ""}, {"Try the SMART Recovery meeting", "peer mentor"}}},
	},
	rapport.NeedMentalHealth: {
		{"Be able to ride the bus without a panic attack.", "ride the bus without panicking", []stepT{{"Practise the breathing exercise daily", ""}, {"Ride one stop with someone I trust", "peer mentor"}, {"Ask my therapist about exposure work", "cm"}}},
		{"Get out of bed before noon most days.", "get up before noon", []stepT{{"Set an alarm and put it across the room", ""}, {"See the psychiatrist about my medication", "cm"}}},
		{"Know my warning signs and what to do about them.", "know my warning signs", []stepT{{"Write a relapse prevention plan", "therapist"}, {"Share the plan with my sister", ""}}},
	},
}

var decisions = []string{
	"Start with the housing application before the job search, as {name} chose.",
	"Move check-ins from weekly to every two weeks.",
	"Refer to the peer support group on Wednesdays.",
	"{name} will see the clinic nurse instead of the walk-in clinic for refills.",
	"Share the care plan with {name}'s sister, with {their} written consent.",
	"Hold off on the medication change until after the family visit.",
	"Switch contact to text messages instead of calls.",
	"Apply for the supportive housing waitlist rather than market-rate units.",
	"Try the intensive outpatient programme for six weeks.",
	"Close the food assistance goal as completed.",
}

type concernT struct{ words, response string }

var concerns = []concernT{
	{"Nobody called me back about the housing application.", "{cm} called the housing office, confirmed the application is complete, and set a reminder to update {name} every Friday."},
	{"The bus pass ran out and I can't get to group.", "Got a new reduced-fare pass through the clinic; {name} picked it up Monday."},
	{"I don't like how the front desk talked to me.", "Raised it with the clinic manager; {name} got an apology and can ask for {cm} at check-in."},
	{"I'm worried they'll take my kids if I say I relapsed.", "Explained what is and is not reported, and what support exists; {name} decided what to share."},
	{"My medication makes me too sleepy to work.", "Booked an earlier appointment with the prescriber to review the dose."},
	{"I can't read the letters they send me in English.", "Asked the benefits office to send letters in {lang}; an interpreter will join the next call."},
	{"The shelter won't let me keep my medication with me.", "Worked out with shelter staff that {name} keeps a locked box at the front desk."},
	{"I feel like nobody listens when I say my pain is real.", "Set up a visit with a new primary care doctor and went with {name} to the first one."},
}

var feedback = []string{
	"{cm} actually listened this time. I didn't have to tell my whole story again.",
	"I liked that we made the plan together.",
	"It takes too long to hear back after I leave a message.",
	"The texts are easier for me than phone calls. Thank you for switching.",
	"I felt judged at the last visit.",
	"Having the interpreter made a big difference.",
	"I wish the meetings weren't so early in the morning.",
	"{cm} remembered my daughter's name. That meant a lot.",
}

// situation holds neutral facts about the client's situation, by the need
// that matters most to them.
var situation = map[rapport.NeedDomain][]string{
	rapport.NeedHealth:        {"Next clinic visit is on Thursday at 10.", "Blood pressure was 142/90 at the pharmacy.", "Refill is due next week."},
	rapport.NeedHousing:       {"The housing application is with the county.", "Rent for this month is still outstanding.", "A unit viewing is set for next Tuesday."},
	rapport.NeedFood:          {"The SNAP interview is on the 14th.", "The pantry on Elm Street is open Tuesdays 9 to 12."},
	rapport.NeedMoney:         {"The disability hearing is scheduled for next month.", "The unemployment claim ends in three weeks."},
	rapport.NeedTransport:     {"A Medicaid ride is booked for the next appointment.", "The reduced-fare pass application was submitted."},
	rapport.NeedSafety:        {"The safety plan was reviewed and updated.", "The advocate will call on Monday."},
	rapport.NeedSocialSupport: {"The peer group meets Wednesdays at 6.", "A volunteer visitor has been requested."},
	rapport.NeedSubstanceUse:  {"Attended two meetings this week.", "Clinic dosing continues daily."},
	rapport.NeedMentalHealth:  {"Therapy appointment is on Monday.", "The psychiatrist appointment was moved to the 20th."},
}

type parts struct{ open, middle, close []string }

// fragments holds each style's sentences for notes (about the client, for the
// record) and messages (to the client).
var fragments = map[string]map[rapport.NoteKind]parts{
	StyleWarm: {
		rapport.KindNote: {
			open: []string{
				"Met with {name} at the library today; {they} chose the place.",
				"Phone check-in with {name}, who called me back within the hour.",
				"Home visit with {name} this afternoon.",
				"{name} came by the office to talk about {their} plan.",
			},
			middle: []string{
				"{name} said the last few weeks have felt overwhelming, and it makes sense that {they} would feel worn down with so much uncertain.",
				"I asked what has been hardest lately, and {name} talked about {need} in {their} own words.",
				"{name} showed real persistence in following up with the office on {their} own.",
				"We went over the goal to {goal} together, and {name} decided on the next step.",
				"I reflected that {name} sounds frustrated and also determined, and {they} agreed.",
				"I offered to go with {name} to the next appointment, and {they} said yes.",
				"{name} brought up {their} worry about {need}; I validated that it is a real concern and we made a plan for it.",
			},
			close: []string{
				"Agreed plan: I will call on Friday and {name} will bring the papers.",
				"{name} chose to meet again next week at the same time.",
				"Next step is {name}'s choice; I will follow up as we agreed.",
			},
		},
		rapport.KindMessage: {
			open: []string{
				"Hi {name}, it was good to see you today.",
				"Hi {name}, thank you for calling me back.",
				"Hello {name}, I have been thinking about what you told me on Tuesday.",
			},
			middle: []string{
				"I hear how exhausting this has been, and I appreciate you telling me about it.",
				"It makes sense that you feel frustrated after waiting so long.",
				"You have worked hard on {goal}, and it shows.",
				"What would make this week feel a little easier for you?",
				"How are you feeling about the next step?",
				"If it would help, I can make the call with you. Would that be useful?",
				"I'm here for you, and we can go at your pace.",
				"I'm so sorry you've been dealing with all of this on your own.",
				"I can go with you to the office on Thursday if you want.",
			},
			close: []string{
				"Let me know what time works for you.",
				"Whatever you decide, I am here to help.",
				"Talk soon, {cm}",
			},
		},
	},
	StyleMI: {
		rapport.KindNote: {
			open: []string{
				"Session with {name} at the recovery centre.",
				"Check-in call with {name}.",
				"{name} dropped in after group to talk.",
			},
			middle: []string{
				"{name} described mixed feelings about {goal}: part of {them} wants the change and part of {them} is scared of losing what helps {them} cope.",
				"I asked what {name} would like to be different in six months, and {they} spoke about {their} family.",
				"I reflected that {name} is proud of the progress and also tired, and {they} said that was exactly right.",
				"{name} chose the next step on {their} own; I asked permission before sharing information about the group, and {they} wanted to hear it.",
				"We talked about what has helped before, and {name} named {their} strength: {strength}.",
				"I affirmed the effort it took for {name} to come in today after a hard week.",
			},
			close: []string{
				"{name} decided to try the Wednesday group; I will check in on Thursday as {they} asked.",
				"Plan made together; {name} will decide after talking with {their} family.",
				"Follow-up next week, at the time {name} chose.",
			},
		},
		rapport.KindMessage: {
			open: []string{
				"Hi {name},",
				"Hey {name}, thanks for today.",
				"Hi {name}, I was glad to hear from you.",
			},
			middle: []string{
				"It sounds like part of you is ready for this, and part of you needs more time, and both make sense.",
				"You have kept going through a really hard month. That takes strength.",
				"What feels like the right next step to you?",
				"Would it be okay if I shared a couple of options I know about? You decide what fits.",
				"It sounds like you are feeling hopeful and nervous at the same time.",
				"You know yourself best, so this is your call.",
				"I'm sorry the week was so rough.",
				"I can help you look into the group times if you'd like.",
			},
			close: []string{
				"I'm here if you want to talk it through.",
				"Looking forward to Thursday. {cm}",
				"Take care, and text me any time this week.",
			},
		},
	},
	StyleClinical: {
		rapport.KindNote: {
			open: []string{
				"Pt seen for f/u.",
				"Brief call with client.",
				"Client seen in office.",
				"F/u visit completed.",
			},
			middle: []string{
				"Med rec done. No changes.",
				"Client reports housing application still pending.",
				"Discussed adherence. Client states taking meds as prescribed.",
				"ROI signed for the county housing office.",
				"Client told to call the SNAP office this week.",
				"Client needs to keep the next appointment.",
				"Did client bring the documents? No.",
			},
			close: []string{
				"F/u 2 wks.",
				"Next appt scheduled.",
				"Will reassess next visit.",
			},
		},
		rapport.KindMessage: {
			open: []string{
				"Hi {name}.",
				"{name}, reminder:",
				"Hello {name}.",
			},
			middle: []string{
				"Your appointment is on Thursday at 10am.",
				"You should bring your ID and your last two pay stubs.",
				"Did you call the housing office?",
				"Please complete the ROI and PHQ-9 before your next visit.",
				"You need to call the pharmacy for your refill.",
				"Your paperwork was submitted.",
			},
			close: []string{
				"Thanks.",
				"Call the office with questions.",
				"- {cm}",
			},
		},
	},
	StyleBut: {
		rapport.KindNote: {
			open: []string{
				"Met with {name} today.",
				"Call with {name}.",
				"{name} came in upset this morning.",
			},
			middle: []string{
				"I told {name} I understand, but {name} has to keep trying with the landlord.",
				"{name} was crying about {need}; I told {them} at least {name} still has family around.",
				"I said I feel so sorry for {name}, it must be awful to be in {their} position.",
				"{name} is worried, but it is really not a big deal and it will work out.",
				"I reminded {name} that other people have it much worse.",
				"{name} talked about {goal} and I said that was a great idea.",
			},
			close: []string{
				"Will call next week.",
				"Told {name} to stay positive.",
				"F/u as needed.",
			},
		},
		rapport.KindMessage: {
			open: []string{
				"Hi {name}!",
				"Hi {name}, just checking in.",
				"Hello {name},",
			},
			middle: []string{
				"I know it's hard, but you just need to stay positive.",
				"Don't worry, it's only a small setback.",
				"Oh you poor thing, I feel so sorry for you.",
				"I understand, but you really should call the office yourself.",
				"At least you have a place to stay for now.",
				"I know how you feel, the same thing happened to me last year.",
			},
			close: []string{
				"Hang in there!",
				"Everything happens for a reason.",
				"Talk soon, {cm}",
			},
		},
	},
	StyleStigma: {
		rapport.KindNote: {
			open: []string{
				"Saw client today.",
				"Client came in late again.",
				"Met with {name}.",
				"Client called the office demanding a call back.",
			},
			middle: []string{
				"Client is an addict and has been noncompliant with the treatment plan.",
				"Client is drug-seeking and asked about changing the dose again.",
				"UA came back dirty.",
				"Client refused to attend group and is in denial about the problem.",
				"Client is manipulative and needs to take responsibility for the choices made.",
				"Known alcoholic; reports being clean for two weeks, which is doubtful.",
				"Client failed to show for the last appointment.",
				"Client is a frequent flyer at the ER.",
			},
			close: []string{
				"Told client to get it together or be discharged.",
				"Will see if client bothers to show next week.",
				"F/u 1 wk.",
			},
		},
		rapport.KindMessage: {
			open: []string{
				"{name},",
				"Hi {name}.",
			},
			middle: []string{
				"You missed another appointment. You need to take this seriously.",
				"You should go to meetings every day if you want to stay clean.",
				"Your appointment is on Monday at 9.",
				"You need to stop making excuses.",
				"Bring your paperwork on Monday.",
			},
			close: []string{
				"Don't be late.",
				"- {cm}",
			},
		},
	},
	StyleMixed: {
		rapport.KindNote: {
			open: []string{
				"Met with {name} at the clinic.",
				"Phone call with {name}.",
				"{name} stopped by after group.",
			},
			middle: []string{
				"Reviewed the plan for {goal}.",
				"{name} reports the week went okay overall.",
				"{name} said sleep has been poor.",
				"I told {name} to try going to bed at the same time every night.",
				"{name} mentioned {their} sister has been a big help, which is a real strength.",
				"Gave information about the Wednesday peer group.",
				"I asked how {name} is feeling about {need}, and {they} said it is getting better.",
			},
			close: []string{
				"F/u in two weeks.",
				"Next visit is scheduled.",
				"Will call Monday to check in.",
			},
		},
		rapport.KindMessage: {
			open: []string{
				"Hi {name},",
				"Hello {name}, quick note.",
			},
			middle: []string{
				"Your next appointment is on the 20th.",
				"You should try the breathing app I mentioned.",
				"How did the meeting go on Wednesday?",
				"Thank you for letting me know about the change.",
				"The group meets Wednesdays at 6 if you want to go.",
				"You should talk to your doctor about your sleep.",
			},
			close: []string{
				"Let me know if you have questions.",
				"Thanks, {cm}",
			},
		},
	},
}
