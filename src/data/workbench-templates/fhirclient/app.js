// Step 3: the redirect came back here with ?code=…&state=…. ready() checks state, exchanges the code (with the
// PKCE verifier) at the token endpoint and gives a client that sends the access token with every request.
FHIR.oauth2
  .ready()
  .then(async (client) => {
    console.log("Granted scopes:", client.state.tokenResponse.scope);

    const patient = await client.patient.read();
    document.getElementById("patient").textContent = patientName(patient);

    const meds = await client.request(`MedicationRequest?patient=${client.patient.id}`, {
      resolveReferences: ["medicationReference"],
      pageLimit: 0,
      flat: true,
    });
    document.getElementById("meds").innerHTML =
      meds.map((med) => `<li>${medicationName(med)}</li>`).join("") || "<li>none</li>";

    // Body height, LOINC 8302-2: a search the patient/Observation.rs scope allows.
    const heights = await client.request(
      `Observation?patient=${client.patient.id}&code=http://loinc.org|8302-2&_sort=-date&_count=1`,
      { flat: true },
    );
    const height = heights[0]?.valueQuantity;
    document.getElementById("height").textContent = height ? `${height.value} ${height.unit}` : "no measurement";

    document.getElementById("refresh").addEventListener("click", async () => {
      await client.refresh();
      console.log("Refreshed: a new access token, expires in", client.state.tokenResponse.expires_in, "s");
    });
  })
  .catch((error) => {
    document.getElementById("error").textContent = String(error);
    console.error(error);
  });

function patientName(patient) {
  const name = (patient.name || [])[0] || {};
  return `${(name.given || []).join(" ")} ${name.family || ""}`.trim() || patient.id;
}

function medicationName(request) {
  const concept = request.medicationCodeableConcept || request.medicationReference?.code;
  return concept?.text || concept?.coding?.[0]?.display || "Unnamed medication";
}
