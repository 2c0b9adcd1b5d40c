import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { ErrorAlert } from "../../components/error-alert.tsx";
import type { RegisteredClient } from "../../servers/authorization-server/registered-client.ts";
import { isLearnerClient } from "./client-labels.ts";
import { ClientRegistrationForm } from "./client-registration-form.tsx";
import { DeleteClientButton } from "./delete-client-button.tsx";
import { describeTokenExpiry } from "./describe-token-expiry.ts";
import {
  deleteClientMutation,
  expireTokensMutation,
  registeredClientsQuery,
  updateClientMutation,
} from "./oauth-setup-queries.ts";
import { formValuesFromClient } from "./parse-registration-form.ts";
import { RegisteredClientCard } from "./registered-client-card.tsx";

function ClientListItem({
  client,
  deleting,
  onDelete,
}: {
  client: RegisteredClient;
  deleting: boolean;
  onDelete(client: RegisteredClient): void;
}) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [status, setStatus] = useState("");
  const editButton = useRef<HTMLButtonElement>(null);
  const editHeading = useRef<HTMLHeadingElement>(null);
  const editTitleId = useId();
  // Where focus goes after the edit form closes: back to the Edit button it came from.
  const returnFocus = useRef(false);
  const update = useMutation(updateClientMutation(queryClient));
  const expire = useMutation(expireTokensMutation());

  useEffect(() => {
    if (editing) editHeading.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      editButton.current?.focus();
    }
  }, [editing]);

  const closeEditor = () => {
    returnFocus.current = true;
    setEditing(false);
    update.reset();
  };
  const name = <span className="visually-hidden"> {client.clientName}</span>;

  return (
    <li>
      <RegisteredClientCard client={client}>
        {editing ? (
          <section className="client-edit" aria-labelledby={editTitleId}>
            <h4 id={editTitleId} ref={editHeading} tabIndex={-1}>
              Edit {client.clientName}
            </h4>
            <ClientRegistrationForm
              mode="edit"
              initialValues={formValuesFromClient(client)}
              submitLabel="Save changes"
              pending={update.isPending}
              serverError={update.data?.ok === false ? update.data.error : null}
              onSubmit={(patch) =>
                update.mutate(
                  { clientId: client.clientId, patch },
                  {
                    onSuccess: (result) => {
                      if (!result.ok) return;
                      closeEditor();
                      setStatus(`Saved the changes to ${client.clientId}.`);
                    },
                  },
                )
              }
              onCancel={closeEditor}
              notice={
                client.source === "sample" ? (
                  <div className="callout callout-warning">
                    <p className="callout-title">This is a pre-registered sample app</p>
                    <p>
                      The lab's sample apps use this registration, so a change here changes how they launch. Reset lab
                      restores the original registration (and removes everything else you changed).
                    </p>
                  </div>
                ) : null
              }
            />
          </section>
        ) : (
          <div className="client-actions">
            <button type="button" className="button" ref={editButton} onClick={() => setEditing(true)}>
              Edit{name}
            </button>
            <button
              type="button"
              className="button"
              disabled={expire.isPending}
              onClick={() =>
                expire.mutate(
                  { clientId: client.clientId },
                  { onSuccess: (count) => setStatus(describeTokenExpiry(count, { clientId: client.clientId })) },
                )
              }
            >
              Expire this app's access tokens<span className="visually-hidden"> ({client.clientName})</span>
            </button>
            {isLearnerClient(client) ? (
              <DeleteClientButton client={client} pending={deleting} onConfirm={() => onDelete(client)} />
            ) : null}
          </div>
        )}
        <p role="status" className="client-status">
          {status}
        </p>
      </RegisteredClientCard>
    </li>
  );
}

/**
 * Every client the authorization server knows, sample apps first, then the learner's (from this page or from the
 * RFC 7591 endpoint), each with Edit, Expire tokens and (for the learner's own) Delete.
 *
 */
export function RegisteredClientsList({ headingId }: { headingId: string }) {
  const queryClient = useQueryClient();
  const clients = useQuery(registeredClientsQuery);
  const [status, setStatus] = useState("");
  // Deleting lives here, not in the item: the item unmounts when the list refetches, and its callbacks with it.
  const remove = useMutation(deleteClientMutation(queryClient));
  const onDelete = (client: RegisteredClient) =>
    remove.mutate(client.clientId, {
      onSuccess: () => {
        setStatus(`Deleted ${client.clientName} (${client.clientId}) and revoked its tokens.`);
        // The card and its buttons are gone: focus moves to the list's heading, not to the top of the page.
        document.getElementById(headingId)?.focus();
      },
    });
  return (
    <>
      {clients.isPending ? <p role="status">Reading the registrations…</p> : null}
      {clients.isError ? <ErrorAlert>The registrations could not be read: {clients.error.message}</ErrorAlert> : null}
      <p role="status">{status}</p>
      {remove.isError ? <ErrorAlert>The app could not be deleted: {remove.error.message}</ErrorAlert> : null}
      {clients.data ? (
        <>
          <p className="form-help">
            {clients.data.length} registered app{clients.data.length === 1 ? "" : "s"} (
            {clients.data.filter((c) => c.source === "sample").length} pre-registered samples).
          </p>
          <ul className="client-list">
            {clients.data.map((client) => (
              <ClientListItem
                key={client.clientId}
                client={client}
                deleting={remove.isPending && remove.variables === client.clientId}
                onDelete={onDelete}
              />
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
