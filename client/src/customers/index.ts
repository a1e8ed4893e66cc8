import PeopleIcon from '@mui/icons-material/People';
import { CustomerList } from './CustomerList';
import { CustomerShow } from './CustomerShow';
import { CustomerEdit } from './CustomerEdit';
import { CustomerCreate } from './CustomerCreate';

export default {
  icon: PeopleIcon,
  list: CustomerList,
  show: CustomerShow,
  edit: CustomerEdit,
  create: CustomerCreate,
  recordRepresentation: (c: { first_name: string; last_name: string }) => `${c.first_name} ${c.last_name}`,
};
