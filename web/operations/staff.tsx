/** Staff administration (admins only): who may sign in, with which role. */
import type { OpsBoot, StaffView } from '../../functions/operations/api';
import { api, ApiError } from './api';
import { at } from './format';
import type { View } from './queue';

export function staffView(boot: OpsBoot): View {
  const list = (<tbody />) as HTMLElement;
  const message = (<p aria-live="polite" class="muted" />) as HTMLElement;
  const email = (<input type="email" name="email" required placeholder="name@flexfleet.example" aria-label="E-mail address" />) as HTMLInputElement;
  const name = (<input type="text" name="name" required placeholder="Full name" aria-label="Name" />) as HTMLInputElement;
  const role = (
    <select name="role" aria-label="Role">
      <option value="operator">operator</option>
      <option value="admin">admin</option>
    </select>
  ) as HTMLSelectElement;

  async function load(): Promise<void> {
    try {
      const { staff } = await api.get<{ staff: StaffView[] }>('/staff');
      list.replaceChildren(...staff.map(row));
      document.body.dataset.ready = 'true';
    } catch (error) {
      if (error instanceof ApiError) message.textContent = error.message;
    }
  }

  function row(member: StaffView): HTMLElement {
    const toggle = (
      <button type="button" class="button secondary small" disabled={member.email === boot.staff.email}>
        {member.active ? 'Switch off' : 'Switch on'}
      </button>
    ) as HTMLButtonElement;
    toggle.addEventListener('click', async () => {
      try {
        await api.post(`/staff/${encodeURIComponent(member.email)}`, { active: !member.active });
        await load();
      } catch (error) {
        if (error instanceof ApiError) message.textContent = error.message;
      }
    });
    return (
      <tr class={member.active ? '' : 'inactive'}>
        <td>{member.name}</td>
        <td>{member.email}</td>
        <td>{member.role}</td>
        <td>{member.active ? 'active' : 'switched off'}</td>
        <td>{at(member.createdAt)}</td>
        <td>{toggle}</td>
      </tr>
    ) as HTMLElement;
  }

  const form = (
    <form class="add-staff">
      {email}
      {name}
      {role}
      <button type="submit" class="button">
        Add
      </button>
    </form>
  ) as HTMLFormElement;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api.post('/staff', { email: email.value, name: name.value, role: role.value });
      message.textContent = `${email.value} can now sign in with a link e-mailed to that address.`;
      form.reset();
      await load();
    } catch (error) {
      if (error instanceof ApiError) message.textContent = error.message;
    }
  });
  void load();

  const element = (
    <section aria-labelledby="staff-title">
      <h1 id="staff-title">Staff</h1>
      <p class="muted">Each person signs in with a one-time link e-mailed to their own address. Operators work the queue; admins also manage staff and may resend an e-mail whose delivery is uncertain.</p>
      {form}
      {message}
      <div class="table-scroll" tabIndex={0}>
        <table class="queue-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">E-mail</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Added</th>
              <th scope="col" />
            </tr>
          </thead>
          {list}
        </table>
      </div>
    </section>
  ) as HTMLElement;
  return { element, dispose: () => undefined };
}
