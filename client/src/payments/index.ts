import PaymentsIcon from '@mui/icons-material/Payments';
import { PaymentsPage } from './PaymentsPage';

export default {
  icon: PaymentsIcon,
  list: PaymentsPage,
};
